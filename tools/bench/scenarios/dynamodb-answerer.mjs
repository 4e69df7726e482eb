// The DynamoDB of `npm run bench -- --only counters`, in a process of its own, as DynamoDB is another machine: while
// a trigger waits for it, the measured process runs nothing but the trigger's own code (not this server's request
// handling, nor the garbage collections its allocations would cause there). Plain JavaScript: started with `node`.
//
// argv: <on|dead>. Prints its port on the first line of stdout. POST: "on" answers at once, `{}` as UpdateItem does,
// and for verify's conditional PutItem of the user's first-login marker `{}` once, then
// ConditionalCheckFailedException, as DynamoDB answers once the marker exists; "dead" takes the request and never
// answers. GET: `{"requests": <POSTs received so far>}`.
import { createServer } from "node:http";

const mode = process.argv[2];
if (mode !== "on" && mode !== "dead") throw new Error(`unknown mode ${mode}`);
const JSON_10 = { "content-type": "application/x-amz-json-1.0" };
let requests = 0;
let markerPut = false;

const server = createServer((req, res) => {
  if (req.method === "GET") return void res.writeHead(200, JSON_10).end(JSON.stringify({ requests }));
  req.resume().on("end", () => {
    requests++;
    if (mode === "dead") return;
    const put = req.headers["x-amz-target"] === "DynamoDB_20120810.PutItem";
    if (put && markerPut) {
      const type = "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException";
      return void res
        .writeHead(400, JSON_10)
        .end(JSON.stringify({ __type: type, message: "The conditional request failed" }));
    }
    markerPut ||= put;
    res.writeHead(200, JSON_10).end("{}");
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.on("SIGTERM", () => process.exit(0));
// Gone with the scenario even if it dies without stopping this server: its end of our stdin closes then.
process.stdin.on("end", () => process.exit(0)).resume();
