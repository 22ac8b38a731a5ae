// Which wasm bundle holds the page at a path: must agree with web/src/bundles.rs (the
// every-route browser journey loads each route in full and checks its page renders).
// Also read by tests/scripts/budget.mjs, which checks each bundle's first-load size.
export const bundles = [
  ['admin', /^\/admin\/(review|moderation)\/?$/],
  ['integrations', /^\/organisations\/[^/]+\/(webhooks(\/[^/]+)?|api-keys)\/?$/],
  ['account', /^\/(account|approvals|notifications)\/?$/],
  ['organisation', /^\/organisations\/[^/]+(\/funded)?\/?$/],
  ['delivery', /^\/(ideas\/[^/]+\/(backlog|delivery)|catalogue\/[^/]+\/adopt)\/?$/],
  ['case', /^\/ideas\/(new|[^/]+\/(edit|tasks(\/[^/]+)?|submitted))\/?$/],
  ['funding', /^\/ideas\/[^/]+\/(funding-history|audience|invitations)\/?$/],
  ['idea', /^\/ideas\/[^/]+\/?$/],
];

export function bundleFor(pathname) {
  for (const [name, pattern] of bundles) if (pattern.test(pathname)) return name;
  return 'public';
}
