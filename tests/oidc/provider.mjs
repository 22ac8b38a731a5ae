// A real OpenID provider for CC2i's single sign-on tests: node-oidc-provider (OpenID
// Certified), with one client (CC2i). A test "signs the person in" by posting who they are to
// /interaction/:uid/login (JSON or a form: sub, email, email_verified, name, amr); the browser
// journey gets a one-button sign-in page at /interaction/:uid for the person in LOGIN_AS
// (an email address). Everything else (discovery, keys, the authorization code flow with
// PKCE, tokens) is the library's own.
//
// Environment: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, ID_TOKEN_TTL (seconds), LOGIN_AS.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
const people = new Map();

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [key] },
  cookies: { keys: ['cc2i-test-only-cookie-key'] },
  // `amr` (how the person signed in) goes in every ID token, as Entra ID and Google put it.
  claims: {
    acr: null, amr: null, auth_time: null, sid: null,
    openid: ['sub', 'amr', 'acr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name'],
  },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  ttl: { IdToken: Number(process.env.ID_TOKEN_TTL ?? 3600) },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const person = people.get(sub);
    if (!person) return undefined;
    return {
      accountId: sub,
      async claims() {
        const claims = { sub, email: person.email, name: person.name };
        if (person.email_verified !== undefined) claims.email_verified = person.email_verified;
        return claims;
      },
    };
  },
});

async function login(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  const person = req.headers['content-type']?.startsWith('application/json')
    ? JSON.parse(body)
    : { ...Object.fromEntries(new URLSearchParams(body)), email_verified: true, amr: ['pwd', 'mfa'] };
  const details = await provider.interactionDetails(req, res);
  people.set(person.sub, person);
  const grant = new provider.Grant({ accountId: person.sub, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  const result = { login: { accountId: person.sub }, consent: { grantId } };
  if (person.amr) result.login.amr = person.amr;
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

// The sign-in page a browser sees: one button, for the person in LOGIN_AS.
function page(req, res) {
  const email = process.env.LOGIN_AS ?? 'someone@example.org';
  const escape = (t) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body><main>
<h1>Test identity provider</h1>
<form method="post" action="${escape(req.url)}/login">
<input type="hidden" name="sub" value="${escape(email)}"><input type="hidden" name="email" value="${escape(email)}">
<input type="hidden" name="name" value="Sam Okafor">
<p>Sign in as ${escape(email)}</p><button type="submit">Sign in</button></form></main></body></html>`);
}

const handle = provider.callback();
http
  .createServer((req, res) => {
    if (req.method === 'POST' && /^\/interaction\/[^/]+\/login$/.test(req.url)) {
      login(req, res).catch((error) => {
        console.error(error);
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    if (req.method === 'GET' && /^\/interaction\/[^/]+$/.test(req.url)) {
      page(req, res);
      return;
    }
    handle(req, res);
  })
  .listen(port, '127.0.0.1', () => console.log(issuer));
