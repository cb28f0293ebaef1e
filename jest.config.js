'use strict';
/**
 * Jest projects (`npm test` runs the first four, `npm run test:tools` the last):
 *  - unit:   test/unit/**\/*.test.ts, TypeScript tests of pure logic, mirroring nodes/AlibabaWan/.
 *  - engine: test/engine/**\/*.engine.test.js, the node in the real n8n engine (n8n-core 2.x)
 *            against the emulator over HTTP on 127.0.0.1: what only the engine shows.
 *  - engine-n8n1: a representative subset of those files under n8n-core 1.x (npm alias
 *            n8n-core-v1); the mapper sends `n8n-core` to n8n-core-v1 and `n8n-workflow` to the copy
 *            n8n-core-v1 resolves, so the node, the harness and the engine share ONE n8n-workflow.
 *  - project: the package's shape, release script, and that the repository stands alone.
 *  - tools:  the emulator's and the engine harness's own self-tests.
 *
 * The node runs from its TypeScript source (ts-jest): a `dist/nodes/...` or `dist/credentials/...`
 * path of this package maps to the source, so coverage is measured on the code as written.
 * `npm run build` (tsc) type-checks it; the e2e tests run the packed build in a real n8n.
 *
 *   npx jest --selectProjects unit
 *   npx jest --selectProjects engine-n8n1
 */
const path = require('node:path');

const TEST_TIMEOUT = 90_000; // above the harness's own 60 s run timeout, so its message wins

/** The n8n 1.x files: every route and behaviour the engine shows, once. */
const N8N1_FILES = [
	'operations',
	'models',
	'credential',
	'trigger',
	'events',
	'hostile',
	'errors',
	'regions',
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// This package's built files, however required (relative from a test, ./dist from index.js, or
// the absolute path the harness reads from package.json): the source instead.
const OWN_DIST = `^(?:${escape(__dirname)}/|(?:\\.\\./)+|\\./)dist/((?:nodes|credentials)/.+?)(?:\\.js)?$`;
// WAN_TEST_DIST=1: the other way round, every test against the compiled build (`npm run build`
// first), e.g. to measure coverage of the shipped JavaScript.
const FROM_DIST = process.env.WAN_TEST_DIST === '1';
const OWN_SOURCE = '^(?:\\.\\./)+((?:nodes|credentials)/.+)$';
const ownCode = FROM_DIST ? { [OWN_SOURCE]: '<rootDir>/dist/$1' } : { [OWN_DIST]: '<rootDir>/$1' };

function n8nV1Mapper() {
	const coreV1Entry = require.resolve('n8n-core-v1');
	const coreV1Dir = path.dirname(require.resolve('n8n-core-v1/package.json'));
	// node_modules/n8n-core-v1/node_modules/n8n-workflow if nested, else the hoisted one
	const workflowForCoreV1 = require.resolve('n8n-workflow', { paths: [coreV1Dir] });
	return {
		'^n8n-core$': coreV1Entry,
		'^n8n-workflow$': workflowForCoreV1,
	};
}

const common = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testTimeout: TEST_TIMEOUT,
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
	moduleFileExtensions: ['ts', 'js', 'json'],
	moduleNameMapper: ownCode,
	// Transpile only (fast); the build's tsc is the type check.
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }] },
};

const projects = [
	{ ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
	{ ...common, displayName: 'engine', testMatch: ['<rootDir>/test/engine/**/*.engine.test.js'] },
	{ ...common, displayName: 'project', testMatch: ['<rootDir>/test/project/**/*.test.js'] },
	{ ...common, displayName: 'tools', testMatch: ['<rootDir>/test/tools/**/*.test.js'] },
];

let v1Mapper;
try {
	v1Mapper = n8nV1Mapper();
} catch (error) {
	process.stderr.write(
		`jest.config.js: project engine-n8n1 disabled, n8n-core-v1 is not installed (${error.message.split('\n')[0]})\n`,
	);
}
if (v1Mapper) {
	projects.push({
		...common,
		displayName: 'engine-n8n1',
		testMatch: N8N1_FILES.map((name) => `<rootDir>/test/engine/${name}.engine.test.js`),
		moduleNameMapper: { ...common.moduleNameMapper, ...v1Mapper },
	});
}

module.exports = {
	projects,
	// Engine tests mostly wait on the emulator (latency, retries): more workers than cores overlap the waits.
	maxWorkers: 4,
	testTimeout: TEST_TIMEOUT,
	collectCoverageFrom: FROM_DIST ? ['dist/**/*.js'] : ['nodes/**/*.ts', 'credentials/**/*.ts'],
};
