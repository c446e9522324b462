export const id = 446;
export const ids = [446];
export const modules = {

/***/ 446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LogUnavailable: () => (/* binding */ LogUnavailable),
/* harmony export */   createLogSource: () => (/* binding */ createLogSource)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2684);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6979);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9378);
// CloudWatch Logs: the last lines of a stopped container's awslogs stream, to say why it stopped.
// Loaded only through the factory in clients.ts.



/** Why a log tail could not be read; the rollout verdict never depends on it. */
class LogUnavailable extends Error {
    constructor(message) {
        super(message);
        this.name = 'LogUnavailable';
    }
}
/**
 * Reads with the given client, or with a client for the stream's own region (awslogs-region) when it differs.
 * `clientFor` makes that client; by default with the shared configuration and the first client's credentials.
 */
function createLogSource(client, clientFor) {
    const others = new Map();
    const make = clientFor ??
        ((region) => new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__.CloudWatchLogsClient({ ...(0,_config_js__WEBPACK_IMPORTED_MODULE_2__/* .clientConfig */ .yO)(region), credentials: client.config.credentials }));
    async function pick(region) {
        if (!region || region === (await client.config.region()))
            return client;
        let other = others.get(region);
        if (!other)
            others.set(region, (other = make(region)));
        return other;
    }
    return {
        async readForward(region, group, stream, token) {
            const logs = await pick(region);
            try {
                const response = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__.GetLogEventsCommand({
                    logGroupName: group,
                    logStreamName: stream,
                    startFromHead: true,
                    ...(token ? { nextToken: token } : {})
                }));
                return {
                    lines: (response.events ?? []).map(e => (e.message ?? '').replace(/\r?\n$/, '')),
                    nextForwardToken: response.nextForwardToken
                };
            }
            catch (e) {
                // The stream appears with the container's first line: until then there is nothing to read.
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(e) === 'ResourceNotFoundException')
                    return { lines: [], nextForwardToken: token };
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAccessDenied */ .w7)(e))
                    throw new LogUnavailable(`not allowed to read ${group} (grant logs:GetLogEvents on that log group to show the task's log)`);
                throw new LogUnavailable(`could not read ${group}/${stream}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(e)}`);
            }
        },
        async tail(region, group, stream, lines) {
            const logs = await pick(region);
            try {
                const response = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__.GetLogEventsCommand({
                    logGroupName: group,
                    logStreamName: stream,
                    startFromHead: false,
                    limit: lines
                }));
                // GetLogEvents lists a page oldest first, also when reading from the end.
                return (response.events ?? []).map(e => (e.message ?? '').replace(/\r?\n$/, ''));
            }
            catch (e) {
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(e) === 'ResourceNotFoundException')
                    throw new LogUnavailable(`log stream ${group}/${stream} does not exist (the container may never have written to it)`);
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAccessDenied */ .w7)(e))
                    throw new LogUnavailable(`not allowed to read ${group} (grant logs:GetLogEvents on that log group to show container logs)`);
                throw new LogUnavailable(`could not read ${group}/${stream}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(e)}`);
            }
        }
    };
}


/***/ })

};
