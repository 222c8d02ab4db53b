// Drives the official @voximplant/apiclient-nodejs client, unchanged, for tests/conformance.
// Usage: node run-calls.js <host>   (host:port of the emulator; the client builds the https URL)
// Reads the key file path from VOXIMPLANT_CREDENTIALS (the client's own setting), a JSON list
// of calls [{"group": "Scenarios", "method": "bindScenario", "request": {...}}] on stdin, runs
// them in order and writes one JSON list on stdout: {"data": <what the client resolved with>}
// or {"thrown": "<message>"} per call.
'use strict';

const fs = require('fs');
const VoximplantApiClient = require('@voximplant/apiclient-nodejs').default;

async function main() {
  const calls = JSON.parse(fs.readFileSync(0, 'utf8'));
  const client = new VoximplantApiClient({ host: process.argv[2] });
  await new Promise((resolve) => {
    client.onReady = resolve; // the key file is read asynchronously
  });
  const results = [];
  for (const call of calls) {
    try {
      results.push({ data: await client[call.group][call.method](call.request) });
    } catch (err) {
      results.push({ thrown: String((err && err.message) || err) });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
