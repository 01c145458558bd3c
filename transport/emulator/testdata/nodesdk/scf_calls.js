// Drives an emulator with the official Tencent Cloud Node.js SDK, for
// TestOfficialNodeSDK. It reads one JSON object on stdin:
//   {endpoint, secretId, secretKey, token, reqMethod, signMethod,
//    calls: [{action, params}]}
// and prints one JSON line per call: {"response": {...}} or
// {"code": "...", "message": "..."}.
"use strict";
const { Client } = require("tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client");

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const cfg = JSON.parse(input);
  const client = new Client({
    credential: { secretId: cfg.secretId, secretKey: cfg.secretKey, token: cfg.token || undefined },
    region: "ap-guangzhou",
    profile: {
      signMethod: cfg.signMethod,
      httpProfile: { endpoint: cfg.endpoint, protocol: "http://", reqMethod: cfg.reqMethod, reqTimeout: 30 },
    },
  });
  for (const call of cfg.calls) {
    try {
      const response = await client[call.action](call.params);
      console.log(JSON.stringify({ response }));
    } catch (e) {
      console.log(JSON.stringify({ code: e.code || "", message: e.message || String(e) }));
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
