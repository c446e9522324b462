export const id = 596;
export const ids = [596];
export const modules = {

/***/ 5596:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createTargetGroupSource: () => (/* binding */ createTargetGroupSource)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(586);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9378);
// ELBv2: the target group settings the rollout watch reads. Loaded only through the factory in clients.ts.


/** ELB's default when a target group does not say (it always does). */
const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;
function createTargetGroupSource(client) {
    return {
        async deregistrationDelaySeconds(targetGroupArn) {
            const response = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCall */ .uF)(`Reading the deregistration delay of ${targetGroupArn} (elasticloadbalancing:DescribeTargetGroupAttributes)`, () => client.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__.DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn })));
            const value = response.Attributes?.find(a => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
            const seconds = Number(value ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS);
            return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_DEREGISTRATION_DELAY_SECONDS;
        }
    };
}


/***/ })

};
