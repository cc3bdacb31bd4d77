/**
 * A self-signed certificate for a loopback service (names `localhost`, `127.0.0.1`, `::1`), made
 * with `selfsigned` (node:crypto underneath). Clients trust it through `NODE_EXTRA_CA_CERTS=FILE`
 * (read by Node at start-up) or their own CA option.
 */
import { generate } from 'selfsigned';

export async function selfSignedCertificate(days = 30): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notAfterDate: new Date(Date.now() + days * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
