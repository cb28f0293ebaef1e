'use strict';
// n8n 2.x in queue mode, the way it scales past one process: `n8n start` (UI, webhooks, enqueues)
// and `n8n worker` processes (execute), sharing PostgreSQL and Redis from services.js. All processes
// use one user folder (the packed package installed once), like a volume shared by the containers.
const n8n = require('./n8n');
const { prepareInstance, publishWebhookEdit, waitForWebhook } = require('./setup');
const { freePort, log, elapsed } = require('./util');
const { publishEventWorkflows } = require('./events');

/** Env of every queue-mode process: one database, one queue, binary data where all of them see it. */
function queueEnv({ redis, pg }) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// n8n-core's BinaryDataConfig defaults to 'database' in queue mode (a worker's binary must reach
		// the main that answers the webhook); createInstance sets 'default' for sqlite, so say it here.
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
	};
}

/**
 * `n8n worker` from the main's folder and env, with its own ports (worker server for the readiness
 * probe, task-runner broker) and its own event-log file (workers share the folder).
 */
async function startWorker(main, index, { concurrency = 10 } = {}) {
	const healthPort = await freePort();
	const worker = {
		...main,
		label: `${main.label}-worker${index}`,
		origin: `http://127.0.0.1:${healthPort}`,
		env: {
			...main.env,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-worker${index}`,
		},
	};
	try {
		await n8n.startServer(worker, { args: ['worker', `--concurrency=${concurrency}`] });
	} catch (error) {
		await n8n.stopServer(worker);
		throw error;
	}
	return worker;
}

const WEBHOOK = { id: 'wanE2eQueueEdit', path: 'wan-e2e-queue' };

/**
 * The main's user folder on `services` (credential imported, so the database is migrated; webhookEdit
 * published): everything but the processes, so it can be made ready while other scenarios run.
 */
async function prepareQueueMain(host, tarball, emu, services, { queriesPerSecond } = {}) {
	const main = await prepareInstance(
		host,
		tarball,
		emu,
		'n8n-queue',
		queueEnv(services),
		queriesPerSecond ? { queriesPerSecond } : {},
	);
	await publishWebhookEdit(main, WEBHOOK);
	// The Alibaba Wan Event Trigger too: its events come to the main, its executions go to the workers.
	main.eventsOut = await publishEventWorkflows(main, { withSubmit: false });
	return main;
}

/**
 * `n8n start` and `workers` workers on a prepared main, all at once (none waits for another: the
 * database is migrated already); resolves { main, workers, url, stop() }. On a failure, whatever
 * started is stopped before the throw.
 */
async function startQueueMode(main, { workers: count = 2, concurrency = 15 } = {}) {
	const started = [main];
	const stop = () => Promise.all(started.map((p) => n8n.stopServer(p)));
	try {
		const t = Date.now();
		// Settled, not all: a process still starting when another fails must be stopped too.
		const [mainUp, ...settled] = await Promise.allSettled([
			n8n.startServer(main).then(() => waitForWebhook(main, WEBHOOK.path)),
			...Array.from({ length: count }, (_, i) => startWorker(main, i + 1, { concurrency })),
		]);
		const workers = settled.filter((r) => r.status === 'fulfilled').map((r) => r.value);
		started.push(...workers);
		if (mainUp.status === 'rejected') throw mainUp.reason;
		if (workers.length < count) throw settled.find((r) => r.status === 'rejected').reason;
		log(
			`queue: main (webhook ${WEBHOOK.path} registered) + ${count} workers (concurrency ${concurrency}) up in ${elapsed(t)}`,
		);
		return { main, workers, url: `${main.origin}/webhook/${WEBHOOK.path}`, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Executions a worker took, from its log ("Worker started execution N (job M)"). */
const startedExecutions = (worker) =>
	worker.server.output.filter((line) => /Worker started execution/.test(line)).length;

/** What PostgreSQL holds after a run: executions by status, PNG rows of the binary-data table. */
async function databaseFacts(pg) {
	const rows = (await pg.query('SELECT status, count(*) FROM execution_entity GROUP BY status'))
		.trim()
		.split('\n')
		.filter(Boolean);
	const executions = Object.fromEntries(
		rows.map((row) => [row.split('|')[0], Number(row.split('|')[1])]),
	);
	const pngRows = Number(
		(await pg.query(`SELECT count(*) FROM binary_data WHERE "mimeType" = 'image/png'`)).trim(),
	);
	return { executions, pngRows };
}

module.exports = {
	queueEnv,
	startWorker,
	prepareQueueMain,
	startQueueMode,
	startedExecutions,
	databaseFacts,
};
