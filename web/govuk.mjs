// The GOV.UK Frontend components whose JavaScript the pages use, one for each `data-module`
// in web/src and index.html (web/trim.mjs refuses to build if a page uses another). Bundled
// and minified into dist/govuk-frontend.min.js by web/trim.mjs; boot.js calls initAll.
import { Button } from 'govuk-frontend/dist/govuk/components/button/button.mjs';
import { Checkboxes } from 'govuk-frontend/dist/govuk/components/checkboxes/checkboxes.mjs';
import { ErrorSummary } from 'govuk-frontend/dist/govuk/components/error-summary/error-summary.mjs';
import { NotificationBanner } from 'govuk-frontend/dist/govuk/components/notification-banner/notification-banner.mjs';
import { Radios } from 'govuk-frontend/dist/govuk/components/radios/radios.mjs';
import { ServiceNavigation } from 'govuk-frontend/dist/govuk/components/service-navigation/service-navigation.mjs';
import { SkipLink } from 'govuk-frontend/dist/govuk/components/skip-link/skip-link.mjs';
import { createAll } from 'govuk-frontend/dist/govuk/init.mjs';

export const components = [Button, Checkboxes, ErrorSummary, NotificationBanner, Radios, ServiceNavigation, SkipLink];

/** Creates every component found in `options.scope`, as GOV.UK Frontend's own initAll does. */
export function initAll(options) {
  for (const Component of components) createAll(Component, undefined, options);
}
