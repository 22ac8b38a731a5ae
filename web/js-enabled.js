// Marks the page as scripted before it renders, as GOV.UK Frontend expects (a file, not
// inline, so the Content-Security-Policy allows it).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
