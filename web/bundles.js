// Which wasm bundle holds the page at a path: must agree with web/src/bundles.rs (the
// every-route browser journey loads each route in full and checks its page renders).
// Also read by tests/scripts/budget.mjs, which checks each bundle's first-load size.
export const bundles = [
  ['admin', /^\/admin\/(review|moderation)\/?$/],
  ['audit', /^\/(organisations\/[^/]+|admin)\/audit-log\/?$/],
  ['integrations', /^\/organisations\/[^/]+\/(webhooks(\/[^/]+)?|single-sign-on)\/?$/],
  ['apikeys', /^\/organisations\/[^/]+\/api-keys\/?$/],
  ['account', /^\/(account|notifications)\/?$/],
  ['funded', /^\/organisations\/(new|[^/]+\/funded)\/?$/],
  ['organisation', /^\/organisations\/[^/]+\/?$/],
  ['browse', /^\/(organisations|catalogue)\/?$/],
  ['ideas', /^\/ideas\/?$/],
  ['signin', /^\/(register|sign-in|sign-out|verify-email|forgotten-password|reset-password|account\/(authenticator-app|confirm-it-is-you|passkeys))\/?$/],
  ['backlog', /^\/ideas\/[^/]+\/backlog\/?$/],
  ['delivery', /^\/ideas\/[^/]+\/delivery\/?$/],
  ['adopt', /^\/catalogue\/[^/]+\/adopt\/?$/],
  ['answers', /^\/ideas\/[^/]+\/tasks\/check-your-answers\/?$/],
  ['section', /^\/ideas\/[^/]+\/tasks\/(strategic|economic|commercial)\/?$/],
  ['sectionmore', /^\/ideas\/[^/]+\/tasks\/(financial|management|terms)\/?$/],
  ['details', /^\/ideas\/(new|[^/]+\/edit)\/?$/],
  ['case', /^\/ideas\/[^/]+\/(tasks|submitted)\/?$/],
  ['discussion', /^\/ideas\/[^/]+\/questions-and-updates\/?$/],
  ['businesscase', /^\/ideas\/[^/]+\/business-case\/?$/],
  ['pledge', /^\/(ideas\/[^/]+\/pledge|approvals)\/?$/],
  ['funding', /^\/ideas\/[^/]+\/funding-history\/?$/],
  ['audience', /^\/ideas\/[^/]+\/audience\/?$/],
  ['invitations', /^\/ideas\/[^/]+\/invitations\/?$/],
  ['idea', /^\/ideas\/[^/]+\/?$/],
];

export function bundleFor(pathname) {
  for (const [name, pattern] of bundles) if (pattern.test(pathname)) return name;
  return 'public';
}
