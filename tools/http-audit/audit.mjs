// The graphql-http package's server audit (GraphQL over HTTP conformance) against a running
// server: `node audit.mjs http://127.0.0.1:8080/graphql`. Prints every warning and error and
// the counts; exits 1 when an audit errs (warnings are listed and argued in the README).
import { serverAudits } from 'graphql-http';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/graphql';
const counts = { ok: 0, warn: 0, error: 0 };
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  counts[result.status] += 1;
  if (result.status !== 'ok') {
    console.log(`${result.status}: ${audit.name}: ${result.reason}`);
  }
}
console.log(`graphql-http audit: ${counts.ok} ok, ${counts.warn} warnings, ${counts.error} errors`);
process.exit(counts.error > 0 ? 1 : 0);
