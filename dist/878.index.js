export const id = 878;
export const ids = [878];
export const modules = {

/***/ 878:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  endRun: () => (/* binding */ endRun)
});

// EXTERNAL MODULE: ./src/settings/index.ts + 8 modules
var settings = __webpack_require__(2966);
// EXTERNAL MODULE: ./src/report/record.ts
var report_record = __webpack_require__(1117);
;// CONCATENATED MODULE: ./src/report/outputs.ts
// The step's outputs, from the record of the run: what it got to, also when it failed.


/** Every output the run has a value for, in action.yml's order. */
function outputsOf(record, ending) {
    const { plan, image, registered, started } = record;
    const values = [
        [
            settings/* Outputs */.tY.image,
            image && (plan?.source.tag ? `${plan.source.repositoryUri}:${plan.source.tag}` : image.uri)
        ],
        [settings/* Outputs */.tY.imageDigest, image?.digest],
        [settings/* Outputs */.tY.imageTag, image && plan?.source.tag],
        [settings/* Outputs */.tY.taskDefinition, record.renderedPath],
        [settings/* Outputs */.tY.taskDefinitionArn, registered?.arn],
        [settings/* Outputs */.tY.taskDefinitionRevision, registered?.revision],
        [settings/* Outputs */.tY.deploymentId, started?.id],
        [settings/* Outputs */.tY.previousTaskDefinitionArn, record.baseline?.target?.service.taskDefinition],
        [settings/* Outputs */.tY.rolloutState, ending.rolloutState],
        [settings/* Outputs */.tY.iamPolicy, plan?.iamPolicy],
        [settings/* Outputs */.tY.runTaskArn, record.runTask?.taskArn],
        [settings/* Outputs */.tY.runTaskExitCode, record.runTask?.verdict.exitCode],
        [settings/* Outputs */.tY.serviceDeploymentArn, started?.serviceDeploymentArn],
        [settings/* Outputs */.tY.hookId, record.rollout?.hookId],
        [settings/* Outputs */.tY.codedeployDeploymentId, started?.codedeployDeploymentId],
        [settings/* Outputs */.tY.serviceDeploymentArn, started?.serviceDeploymentArn],
        [settings/* Outputs */.tY.services, record.services && servicesOutput(record)]
    ];
    return values.flatMap(([name, value]) => value === undefined || value === '' ? [] : [[name, String(value)]]);
}
/** The `services` output: per service, what the single-service outputs say of one. */
function servicesOutput(record) {
    const services = record.services ?? [];
    if (services.length === 0)
        return undefined;
    const followed = record.settings?.waitForServiceStability ?? true;
    const map = Object.fromEntries(services.map(s => [
        s.name,
        {
            cluster: s.cluster,
            service: s.service,
            'task-definition-arn': s.registered?.arn,
            'task-definition-revision': s.registered?.revision,
            'deployment-id': s.started?.id,
            'rollout-state': (0,report_record/* serviceState */.Lj)(s, followed, !!record.cancellation),
            'previous-task-definition-arn': s.previousArn
        }
    ]));
    return JSON.stringify(map);
}

// EXTERNAL MODULE: ./src/aws/arn.ts
var arn = __webpack_require__(1626);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/log.ts + 1 modules
var log = __webpack_require__(1178);
;// CONCATENATED MODULE: ./src/report/markdown.ts
// Every text of the report reaches the page through one of these three, which also bound its length.

/** One text of the report (a change, a plan line, an event, a reason, a log line) is cut after this many characters. */
const MAX_TEXT_CHARS = 1000;
function code(text) {
    return '`' + (0,log/* cutLine */.Hh)(text, MAX_TEXT_CHARS).replace(/`/g, "'") + '`';
}
/** Keeps user-controlled text (release names, event messages) from breaking the table or page. */
function escapeMd(text) {
    return (0,log/* cutLine */.Hh)(text, MAX_TEXT_CHARS)
        .replace(/[|<>]/g, c => `\\${c}`)
        .replace(/\r?\n/g, ' ');
}
function stripFence(text) {
    return (0,log/* cutLine */.Hh)(text, MAX_TEXT_CHARS).replace(/```/g, "'''");
}

;// CONCATENATED MODULE: ./src/report/lifecycle.ts
// The job summary's timelines: a service deployment's lifecycle stages, and each CodeDeploy deployment's lifecycle
// events and task sets. Pure.


/** Rows shown per table; more are counted. */
const MAX_ROWS = 100;
const clockTime = (ms) => new Date(ms).toISOString().slice(11, 19);
/** The service deployment's lifecycle stages: when each began (UTC) and how long the run saw it last. */
function timelineSection(timeline) {
    const out = ['### Lifecycle stages', '', '| Stage | Began (UTC) | Took |', '|:---|:---|---:|'];
    for (const s of timeline.slice(0, MAX_ROWS))
        out.push(`| ${escapeMd(s.stage)} | ${clockTime(s.startedAt)} | ${s.endedAt === undefined ? 'going on' : (0,duration/* formatDuration */.a)(s.endedAt - s.startedAt)} |`);
    return [...out, ''];
}
/** Per CodeDeploy deployment: its lifecycle events (status, began, took, CodeDeploy's message) and its task sets. */
function codeDeploySections(timelines) {
    const out = [];
    for (const t of timelines) {
        const what = t.rollbackOf ? `rollback of ${t.rollbackOf}` : 'deployment';
        out.push(`### CodeDeploy ${what} ${escapeMd(t.deploymentId)}: ${escapeMd(t.status ?? 'status unknown')}`, '');
        if (t.lifecycleEvents.length > 0) {
            out.push('| Lifecycle event | Status | Began (UTC) | Took |', '|:---|:---|:---|---:|');
            for (const e of t.lifecycleEvents.slice(0, MAX_ROWS)) {
                const took = e.startedAt !== undefined && e.endedAt !== undefined
                    ? (0,duration/* formatDuration */.a)(e.endedAt - e.startedAt)
                    : e.startedAt !== undefined
                        ? 'going on'
                        : '';
                const why = e.message ? `: ${e.message}` : '';
                out.push(`| ${escapeMd(e.name)} | ${escapeMd(e.status + why)} | ${e.startedAt === undefined ? '' : clockTime(e.startedAt)} | ${took} |`);
            }
            out.push('');
        }
        if (t.taskSets.length > 0) {
            out.push('| Task set | Traffic | Running | Status |', '|:---|---:|:---|:---|');
            for (const s of t.taskSets)
                out.push(`| ${escapeMd(`${s.label}${s.id ? ` ${s.id}` : ''}`)} | ${s.trafficWeight} % | ${s.running}/${s.desired} | ${escapeMd(s.status ?? '')} |`);
            out.push('');
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/report/summary.ts
// The job summary: what a person reads on the run page. Pure: a report in, markdown out.




/** GitHub drops a step summary over 1 MiB (the runner's AttachmentSizeLimit, in bytes of the file). */
const SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** What renderSummary stays within, leaving room for the line end core.summary adds and for other writers. */
const SUMMARY_BUDGET_BYTES = SUMMARY_LIMIT_BYTES - 64 * 1024;
/** Changes and plan lines shown; the rest are counted. */
const MAX_LIST_ITEMS = 100;
const MAX_DETAIL_LINES = 200;
const MAX_POLICY_CHARS = 60_000;
/** The job summary in Markdown: every text in it bounded, long lists abbreviated with a count, the whole in budget. */
function renderSummary(report) {
    return withinBudget(summaryLines(report), SUMMARY_BUDGET_BYTES);
}
function summaryLines(report) {
    const out = [];
    const icon = report.dryRun ? '📝' : report.ok ? '✅' : '❌';
    const what = report.service ? `${report.service}${report.cluster ? ` on ${report.cluster}` : ''}` : 'ECS';
    out.push(`## ${icon} ${report.dryRun ? 'Dry run: ' : ''}Release to ${escapeMd(what)}`, '');
    // A failure leads with its cause (the headline would only repeat it); a success with what now serves.
    if (report.failure)
        out.push(...failureSection(report.failure, report.stoppedTasks ?? []));
    else
        out.push(escapeMd(report.headline), '');
    if (report.cancellation)
        out.push(...cancellationSection(report.cancellation));
    const rows = factRows(report);
    // The first fact (the release, usually) doubles as the table's header: GitHub has no header-less tables.
    const [head, ...rest] = rows;
    if (head)
        out.push(`| ${head[0]} | ${head[1]} |`, '|:---|:---|', ...rest.map(([k, v]) => `| ${k} | ${v} |`), '');
    if (report.services)
        out.push(...servicesTable(report.services));
    const td = report.taskDefinition;
    if (report.plan && report.plan.length > 0)
        out.push('### Plan', '', ...bulletList(report.plan, 'plan lines'), '');
    if (td && td.changes.length > 0)
        out.push(`### What changed in ${escapeMd(td.family)}`, '', ...bulletList(td.changes, 'changes'), '');
    if (report.stages.length > 0) {
        const total = report.stages.reduce((sum, s) => sum + s.ms, 0);
        out.push('### Time per stage', '', '| Stage | Time | Detail |', '|:---|---:|:---|');
        for (const s of report.stages)
            out.push(`| ${s.stage} | ${(0,duration/* formatDuration */.a)(s.ms)} | ${escapeMd(s.note ?? '')} |`);
        out.push(`| **Total** | **${(0,duration/* formatDuration */.a)(total)}** | |`, '');
    }
    if (report.timeline && report.timeline.length > 0)
        out.push(...timelineSection(report.timeline));
    if (report.codeDeploy && report.codeDeploy.length > 0)
        out.push(...codeDeploySections(report.codeDeploy));
    if (report.events.length > 0) {
        const shown = report.events.slice(-MAX_EVENTS);
        const title = `Service events during the rollout (UTC${shown.length < report.events.length ? `, last ${shown.length} of ${report.events.length}` : ''})`;
        // Short lists are open; a long one would push everything else off the page.
        out.push(shown.length > OPEN_EVENTS ? '<details>' : '<details open>', `<summary>${title}</summary>`, '');
        out.push('| Time | Event |', '|:---|:---|');
        for (const e of shown)
            out.push(`| ${e.createdAt.toISOString().slice(11, 19)} | ${escapeMd(withoutServicePrefix(e.message, report.service))} |`);
        out.push('', '</details>', '');
    }
    if (report.iamPolicy && report.iamPolicy.length > MAX_POLICY_CHARS)
        out.push(`The least-privilege IAM policy for this deploy is ${report.iamPolicy.length.toLocaleString('en-US')} characters long: ` +
            'too long to show here; it is in the iam-policy output.', '');
    else if (report.iamPolicy) {
        out.push('<details><summary>Least-privilege IAM policy for this deploy</summary>', '', '```json', report.iamPolicy, '```', '', '</details>', '');
    }
    return out;
}
/** One row per service of the release: revision old → new, deployment, result, time. */
function servicesTable(rows) {
    const out = [
        '### Services',
        '',
        '| Service | Task definition | Deployment | Result | Time |',
        '|:---|:---|:---|:---|---:|'
    ];
    for (const r of rows) {
        const before = r.previousArn ? code((0,arn/* shortArn */.k)(r.previousArn)) : 'none';
        const after = r.arn ? code((0,arn/* shortArn */.k)(r.arn)) : '—';
        const words = r.rolledBackWithRelease
            ? `${r.stoppedMidRollout ? 'stopped mid-rollout' : 'completed'}, rolled back with the release`
            : (ROLLOUT_WORDS[r.state] ?? (r.state === 'NOT_UPDATED' ? 'not updated' : ''));
        out.push(`| ${code(r.name)} in ${code(r.cluster)} | ${before} → ${after}${r.arn && !r.registered ? ' (unchanged)' : ''} | ` +
            `${r.deploymentId ? code(r.deploymentId) : ''} | **${escapeMd(r.state)}**${words ? ` (${words})` : ''} | ` +
            `${r.ms !== undefined ? (0,duration/* formatDuration */.a)(r.ms) : ''} |`);
    }
    out.push('');
    return out;
}
/** The first MAX_LIST_ITEMS as a bullet list, and how many more there are. */
function bulletList(items, noun) {
    const shown = items.slice(0, MAX_LIST_ITEMS).map(item => `- ${escapeMd(item)}`);
    const more = items.length - MAX_LIST_ITEMS;
    return more > 0
        ? [...shown, `- … and ${more.toLocaleString('en-US')} more ${noun} (the log lists them all)`]
        : shown;
}
/** Lines of a text block (an explanation), at most MAX_DETAIL_LINES of them, for a fenced block. */
function textBlock(lines) {
    const shown = lines.slice(0, MAX_DETAIL_LINES).map(stripFence);
    const more = lines.length - MAX_DETAIL_LINES;
    return more > 0 ? [...shown, `… and ${more.toLocaleString('en-US')} more lines`] : shown;
}
/**
 * The lines joined, or, when they would pass `budget` bytes, as many whole lines as fit, with any open code block
 * and <details> closed, and a note of what was left out. Nothing above makes this likely; it is the guarantee.
 */
function withinBudget(lines, budget) {
    const whole = lines.join('\n');
    if (Buffer.byteLength(whole) <= budget)
        return whole;
    const note = (left) => `_The summary is cut here: ${left.toLocaleString('en-US')} more lines would pass GitHub's limit of 1 MiB per step. The log has everything._`;
    const out = [];
    let bytes = 0;
    let fenced = false;
    let details = 0;
    const reserve = 1024; // the closing lines and the note
    for (const line of lines) {
        const size = Buffer.byteLength(line) + 1;
        if (bytes + size > budget - reserve)
            break;
        out.push(line);
        bytes += size;
        if (line.startsWith('```'))
            fenced = !fenced;
        else if (!fenced && line.startsWith('<details'))
            details++;
        else if (!fenced && line === '</details>')
            details--;
    }
    const left = lines.length - out.length;
    if (fenced)
        out.push('```');
    for (; details > 0; details--)
        out.push('', '</details>');
    out.push('', note(left));
    return out.join('\n');
}
const MAX_EVENTS = 30;
const OPEN_EVENTS = 12;
/** Rollout states whose name alone does not say enough. */
const ROLLOUT_WORDS = {
    ROLLED_BACK: 'failed, rolled back',
    ROLLING_BACK: 'failed, ECS rolling back',
    REPLACED: 'by another deployment',
    PAUSED: 'waits on a pause hook',
    SKIPPED: 'started, not followed'
};
function factRows(report) {
    const rows = [];
    const r = report.release;
    if (r) {
        const name = r.releaseUrl
            ? `[${escapeMd(r.releaseName ?? r.ref)}](${r.releaseUrl})`
            : escapeMd(r.releaseName ?? r.ref);
        rows.push([
            'Release',
            `${name} (version ${code(r.version)}${r.prerelease ? ', pre-release' : ''}, ${r.event})`
        ]);
        rows.push(['Commit', r.commitUrl ? `[${code(r.shortSha)}](${r.commitUrl})` : code(r.shortSha)]);
    }
    if (report.image) {
        const i = report.image;
        rows.push(['Image', `${code(i.uri)}${i.reused ? ' (already in ECR: not rebuilt)' : ''}`]);
        if (i.digest)
            rows.push(['Digest', code(i.digest)]);
        if (i.sizeBytes !== undefined)
            rows.push(['Size', formatBytes(i.sizeBytes)]);
    }
    const td = report.taskDefinition;
    if (td) {
        const before = td.previousArn ? code((0,arn/* shortArn */.k)(td.previousArn)) : 'none';
        const after = td.arn ? code((0,arn/* shortArn */.k)(td.arn)) : td.renderedPath ? 'rendered, not registered' : '—';
        rows.push([
            'Task definition',
            `${before} → ${after}${td.arn && !td.registered ? ' (unchanged: no new revision)' : ''}`
        ]);
        if (td.origin)
            rows.push(['Task definition from', escapeMd(td.origin)]);
    }
    if (report.service)
        rows.push([
            'Service',
            `${code(report.service)} in ${code(report.cluster ?? 'default')}${report.region ? ` (${report.region})` : ''}`
        ]);
    if (report.deploymentId || report.rolloutState) {
        const state = report.rolloutState
            ? `**${report.rolloutState}**${ROLLOUT_WORDS[report.rolloutState] ? ` (${ROLLOUT_WORDS[report.rolloutState]})` : ''}`
            : '';
        rows.push([
            'Deployment',
            [report.deploymentId ? code(report.deploymentId) : '', state].filter(Boolean).join(' ')
        ]);
    }
    return rows;
}
function cancellationSection(cancellation) {
    const during = cancellation.stage ? ` during ${escapeMd(cancellation.stage)}` : '';
    return [
        '### Cancelled',
        '',
        `The workflow run was cancelled (${cancellation.signal})${during}; on-cancel is ${cancellation.onCancel}.`,
        '',
        ...bulletList(cancellation.lines, 'lines'),
        ''
    ];
}
function failureSection(failure, stopped) {
    const out = ['### Why it failed', '', `**${escapeMd(failure.cause)}**`, ''];
    if (stopped.length > 0) {
        out.push(...stoppedTasksTable(stopped));
        // The full explanation, as the log printed it, for whoever wants every line.
        if (failure.details.length > 0)
            out.push('<details><summary>The whole explanation, as in the log</summary>', '', '```text', ...textBlock(failure.details), '```', '', '</details>', '');
    }
    else if (failure.details.length > 0)
        out.push('```text', ...textBlock(failure.details), '```', '');
    return out;
}
/** Stopped tasks, one row each, then each distinct container log tail once (crash loops repeat the same lines). */
function stoppedTasksTable(stopped) {
    const latest = [...stopped]
        .sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0))
        .slice(-MAX_STOPPED);
    const out = [
        `Stopped tasks${latest.length < stopped.length ? ` (last ${latest.length} of ${stopped.length})` : ''}:`,
        '',
        '| Task | Stopped (UTC) | Reason | Containers |',
        '|:---|:---|:---|:---|'
    ];
    for (const t of latest) {
        const containers = t.containers
            .map(c => `${code(c.name)}${c.exitCode !== undefined ? ` exit code ${c.exitCode}` : ''}${c.reason ? `: ${escapeMd(c.reason)}` : ''}`)
            .join('<br>');
        const task = `${code((0,arn/* shortArn */.k)(t.taskArn).slice(0, 12))}${t.taskDefinitionArn ? ` ${(0,arn/* shortArn */.k)(t.taskDefinitionArn)}` : ''}`;
        out.push(`| ${task} | ${t.stoppedAt ? t.stoppedAt.toISOString().slice(11, 19) : ''} | ${escapeMd(t.stoppedReason ?? '')} | ${containers} |`);
    }
    out.push('');
    const seen = new Set();
    for (const t of latest)
        for (const c of t.containers) {
            const tail = c.logTail ?? [];
            const key = `${c.name}\n${tail.join('\n')}`;
            if (tail.length === 0 || seen.has(key))
                continue;
            seen.add(key);
            out.push(`Last log lines of ${code(c.name)} (task ${code((0,arn/* shortArn */.k)(t.taskArn).slice(0, 12))}):`, '', '```text', ...textBlock(tail), '```', '');
        }
    return out;
}
const MAX_STOPPED = 5;
/** "(service web) has started 2 tasks" reads as "has started 2 tasks" under a heading that names the service. */
function withoutServicePrefix(message, service) {
    if (!service)
        return message;
    for (const prefix of [`(service ${service}) `, `service ${service} `])
        if (message.startsWith(prefix))
            return message.slice(prefix.length);
    return message;
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

;// CONCATENATED MODULE: ./src/stages/ending.ts
// The ending of a run: one pure ending from the record, then the outputs, the step's failure or headline, the summary.



async function endRun(record, error, deps) {
    const { logger } = deps;
    const ending = (0,report_record/* endingOf */.z6)(record, error);
    for (const [name, value] of outputsOf(record, ending))
        deps.setOutput(name, value);
    if (ending.failure)
        deps.fail(ending.failure.message, ending.failure.title);
    else
        logger.info(ending.headline);
    await deps
        .writeSummary(renderSummary((0,report_record/* reportOf */.EI)(record, ending)))
        .catch(e => logger.warning(`Could not write the job summary: ${e.message}`));
}


/***/ })

};
