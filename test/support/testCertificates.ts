import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  /** Files of the CA that signed the server and client certificates. */
  caCert: string;
  /** A CA that signed nothing here: what a misconfigured TEMPORAL_TLS_SERVER_CA_CERT_PATH points at. */
  otherCaCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** The only name the server certificate carries. */
  serverName: string;
}

/**
 * A throw-away CA with a server certificate (for `serverName` only) and an mTLS client certificate, made with the openssl CLI.
 * `serverCertAlsoClient`: a Temporal server's own services dial its mTLS frontend presenting the server certificate, so it needs clientAuth too.
 */
export function makeTestPki(serverName = 'temporal.orderhub.test', opts: { serverCertAlsoClient?: boolean } = {}): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderhub-pki-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string) =>
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    );
  ca('test-ca');
  ca('other-ca');
  const leaf = (name: string, subject: string, ext: string) => {
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${subject}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    fs.writeFileSync(file(`${name}.ext`), ext);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'test-ca.pem', '-CAkey', 'test-ca.key', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
  };
  leaf('server', serverName, `subjectAltName=DNS:${serverName}\nextendedKeyUsage=serverAuth${opts.serverCertAlsoClient ? ',clientAuth' : ''}\n`);
  leaf('client', 'orderhub-worker', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caCert: file('test-ca.pem'),
    otherCaCert: file('other-ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    clientCert: file('client.pem'),
    clientKey: file('client.key'),
    serverName,
  };
}
