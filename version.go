package provconc

// Version is the version of this module. The protocols send it in their
// client headers (the AWS User-Agent, Tencent's X-TC-RequestClient) and
// name it as the instrumentation version of their spans and metrics, so a
// service's logs and dashboards can tell which provconc made a call.
const Version = "0.10.0"
