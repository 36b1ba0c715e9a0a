// A standard OpenID provider (the npm package oidc-provider) for tests/test_oidc_provider.py.
//
// One confidential client may use client_credentials with a resource indicator naming the API:
// the provider then issues RFC 9068 JWT access tokens ("typ": "at+jwt") for the API's audience,
// with the scopes read, write and admin. Each start signs with a newly generated RSA key, so a
// restart is a key rotation. Settings come from the environment (see the test).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const setting = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
};

const modules = setting('OIDC_PROVIDER_MODULES');
const port = Number(setting('OIDC_PROVIDER_PORT'));
const audience = setting('OIDC_AUDIENCE');
const clientId = setting('OIDC_CLIENT_ID');
const clientSecret = setting('OIDC_CLIENT_SECRET');
const issuer = `http://127.0.0.1:${port}`;

// The package lives in a cache directory outside the repository: resolve it from there.
const entry = createRequire(path.join(modules, 'package.json')).resolve('oidc-provider');
const { default: Provider, errors } = await import(pathToFileURL(entry).href);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomUUID()] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== audience) throw new errors.InvalidTarget();
        return {
          audience,
          scope: 'read write admin',
          accessTokenFormat: 'jwt',
          accessTokenTTL: 300,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening: issuer ${issuer}, key ${signingKey.kid}`);
});
// Stopped at once, open connections and all: the test simulates an outage.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
