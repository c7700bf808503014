// Starts the W&B protocol fake in the foreground (for poking at it by hand):
//   npx tsx test/support/serve-fake.ts [port]
// Prints the URL and API key; logs every request; on SIGINT prints what was not served.
import { startWandbFake } from "../../src/testing/index.js";

const fake = await startWandbFake({ port: Number(process.argv[2] ?? 0), apiKeys: ["0123456789abcdef0123456789abcdef01234567"] });
console.log(JSON.stringify({ url: fake.url, apiKey: fake.apiKey }));
let seen = 0;
let reported = 0;
setInterval(() => {
  for (; seen < fake.requests.length; seen++) console.log(JSON.stringify(fake.requests[seen]));
  if (fake.unserved.length > reported) console.log("UNSERVED", JSON.stringify(fake.unserved.slice(reported)));
  reported = fake.unserved.length;
}, 200);
const stop = async () => {
  console.log("UNSERVED", JSON.stringify(fake.unserved));
  console.log("OPERATIONS", JSON.stringify([...fake.operations.keys()]));
  for (const [name, text] of fake.operations) console.log(`--- ${name}\n${text}`);
  await fake.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
