'use strict';
/**
 * Loads the n8n engine (n8n-core + n8n-workflow + the @n8n/di Container that n8n-core uses)
 * exactly once per module registry (= once per jest test file), and prepares the process-wide
 * pieces a headless run needs:
 *  - N8N_USER_FOLDER points at a temporary folder (InstanceSettings writes `.n8n/config` there),
 *  - the BinaryDataService in the Container is an instance that is never init()-ed, so binary data
 *    stays inline (base64 in `data`, no `id`), which is what n8n does without a storage manager.
 *
 * In the jest project `n8n-1`, moduleNameMapper turns `require('n8n-core')` into n8n-core@1.x and
 * `require('n8n-workflow')` into the n8n-workflow copy that n8n-core@1.x itself resolves, so this
 * file is version-agnostic: everything version specific is feature-detected here.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

let engine;

function prepareEnvironment() {
	if (!process.env.N8N_USER_FOLDER) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
		process.env.N8N_USER_FOLDER = dir;
		// jest gives every test file its own copy of process.env, so this folder belongs to this file.
		const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
		let registered = false;
		if (typeof afterAll === 'function') {
			try {
				afterAll(cleanup);
				registered = true;
			} catch {
				// "Hooks cannot be defined inside tests": fall back to process exit
			}
		}
		if (!registered) process.once('exit', cleanup);
	}
	const defaults = {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'silent',
	};
	for (const [k, v] of Object.entries(defaults)) {
		if (process.env[k] === undefined) process.env[k] = v;
	}
}

function findPackageRoot(file) {
	let dir = path.dirname(file);
	while (dir !== path.dirname(dir)) {
		const pj = path.join(dir, 'package.json');
		if (fs.existsSync(pj)) return { dir, pkg: JSON.parse(fs.readFileSync(pj, 'utf8')) };
		dir = path.dirname(dir);
	}
	throw new Error(`No package.json above ${file}`);
}

// At require time (normally while jest collects the test file, where afterAll may be called).
prepareEnvironment();

/**
 * Records what is logged through the Logger in n8n-core's Container, the one a node's
 * `this.logger` returns, whatever the log level (the harness runs n8n silent).
 */
function recordLogs(Container, coreDir) {
	const { Logger } = require(require.resolve('@n8n/backend-common', { paths: [coreDir] }));
	const logger = Container.get(Logger);
	const lines = [];
	for (const level of ['error', 'warn', 'info', 'debug']) {
		const original = logger[level].bind(logger);
		logger[level] = (message, metadata) => {
			lines.push({ level, message: String(message), metadata });
			return original(message, metadata);
		};
	}
	return lines;
}

function getEngine() {
	if (engine) return engine;

	const core = require('n8n-core');
	const workflow = require('n8n-workflow');

	// Where the chosen n8n-core / n8n-workflow live (moduleNameMapper is honoured by require.resolve).
	const coreEntry = require.resolve('n8n-core');
	const workflowEntry = require.resolve('n8n-workflow');
	const coreRoot = findPackageRoot(coreEntry);
	const workflowRoot = findPackageRoot(workflowEntry);

	// The Container must be the one n8n-core uses: resolve @n8n/di from n8n-core's own folder.
	const diPath = require.resolve('@n8n/di', { paths: [path.dirname(coreEntry)] });
	const { Container } = require(diPath);
	// @Service() classes register in the Container module that decorated them: if n8n-core's
	// InstanceSettings is unknown here, this is not n8n-core's Container.
	if (!Container.has(core.InstanceSettings)) {
		throw new Error(
			`test harness: ${diPath} is not the @n8n/di Container that n8n-core ${coreEntry} uses`,
		);
	}

	// The n8n-workflow that n8n-core itself resolves must be the same instance as ours, or
	// instanceof checks (NodeApiError, NodeOperationError, ICredentialsHelper ...) split.
	const coreWorkflowPath = require.resolve('n8n-workflow', { paths: [path.dirname(coreEntry)] });
	const coreWorkflow = require(coreWorkflowPath);
	if (coreWorkflow !== workflow) {
		throw new Error(
			`test harness: n8n-core (${coreRoot.dir}) resolves n8n-workflow at ${coreWorkflowPath}, ` +
				`but require('n8n-workflow') gives ${workflowEntry}. Fix moduleNameMapper in jest.config.js.`,
		);
	}

	// Keep binary data inline (base64) by registering a BinaryDataService that is never init()-ed.
	const noop = () => {};
	const binaryDataService = new core.BinaryDataService(
		{ mode: 'default', signingSecret: 'harness-signing-secret' },
		{ error: noop, warn: noop, info: noop },
		{
			debug: noop,
			info: noop,
			warn: noop,
			error: noop,
			scoped: () => ({ debug: noop, info: noop, warn: noop, error: noop }),
		},
	);
	Container.set(core.BinaryDataService, binaryDataService);

	// n8n-core 1.x's SSHClientsManager (created by every trigger/poll context) starts a ref'd
	// 60 s setInterval that keeps node/jest alive after the tests; 2.x unref()s it. Create the
	// singleton now and unref its timer. Not exported from n8n-core, so load it by path.
	const sshManagerFile = path.join(
		coreRoot.dir,
		'dist',
		'execution-engine',
		'ssh-clients-manager.js',
	);
	if (fs.existsSync(sshManagerFile)) {
		const { SSHClientsManager } = require(sshManagerFile);
		if (SSHClientsManager) Container.get(SSHClientsManager).cleanupTimer?.unref?.();
	}

	const logLines = recordLogs(Container, path.dirname(coreEntry));

	const { WorkflowExecute, ExecutionLifecycleHooks } = core;
	if (typeof ExecutionLifecycleHooks !== 'function') {
		throw new Error(
			`test harness: n8n-core ${coreRoot.pkg.version} has no ExecutionLifecycleHooks`,
		);
	}
	// 2.x: run({ workflow, startNode, destinationNode, pinData, ... }) -> length 1
	// 1.x: run(workflow, startNode, destinationNode, pinData, triggerToStartFrom) -> length 5
	const runTakesOptionsObject = WorkflowExecute.prototype.run.length <= 1;

	engine = {
		core,
		workflow,
		Container,
		binaryDataService,
		coreVersion: coreRoot.pkg.version,
		workflowVersion: workflowRoot.pkg.version,
		coreDir: coreRoot.dir,
		workflowDir: workflowRoot.dir,
		major: Number.parseInt(coreRoot.pkg.version, 10),
		runTakesOptionsObject,
		/** Every line logged through n8n's Logger (what a node's this.logger writes), at any level. */
		logLines,
		startRun(workflowExecute, { workflow: wf, startNode, pinData }) {
			if (runTakesOptionsObject) return workflowExecute.run({ workflow: wf, startNode, pinData });
			return workflowExecute.run(wf, startNode, undefined, pinData);
		},
	};
	return engine;
}

module.exports = { getEngine };
