// Load generator run as its own process (so it does not share the server's event loop):
// autocannon with every response time kept, so medians and p95 are exact.
//   node bench/support/load.ts URL CONNECTIONS SECONDS [COOKIE]
import autocannon from 'autocannon';

const [url, connections, seconds, cookie] = process.argv.slice(2);
const times: number[] = [];
let non2xx = 0;
const result = await autocannon({
  url: url as string,
  connections: Number(connections),
  duration: Number(seconds),
  headers: cookie ? { cookie } : {},
  setupClient: (client) => {
    client.on('response', (statusCode: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) non2xx++;
    });
  },
});
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
console.log(JSON.stringify({ requests: times.length, perSecond: times.length / Number(seconds), median: pct(50), p95: pct(95), p99: pct(99), non2xx, errors: result.errors }));
