// The event trigger's settings as activation checks them (webhookMethods.checkExists): a missing,
// short or unsendable Token stops the activation with the field named and never shows the token.
import { AlibabaWanEventTrigger } from '../../../nodes/AlibabaWan/AlibabaWanEventTrigger.node';
import { readEventSettings } from '../../../nodes/AlibabaWan/events';
import { NODE, errorOf } from '../context';

const hookContext = (parameters: Record<string, unknown>) => ({
	getNode: () => NODE,
	getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
});

const activate = (parameters: Record<string, unknown>) =>
	new AlibabaWanEventTrigger().webhookMethods.default.checkExists.call(
		hookContext(parameters) as never,
	);

test('a good token passes activation (nothing to register: checkExists answers false)', async () => {
	await expect(activate({ token: 'a'.repeat(16) })).resolves.toBe(false);
	expect(readEventSettings(hookContext({ token: ' 0123456789abcdef ' })).token).toBe(
		'0123456789abcdef',
	);
});

test.each([
	['missing', {}, /Token is empty/],
	['short', { token: 'secret-short' }, /Token is 12 characters long/],
	[
		'with a space',
		{ token: 'secret with a space 123' },
		/Token has a character that is not allowed/,
	],
	['too long', { token: 'x'.repeat(257) }, /Token is 257 characters long/],
])(
	'a %s token stops the activation, naming the field, not the token',
	async (_what, parameters, message) => {
		const error = await errorOf(() => activate(parameters));
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/openssl rand -hex 32|printable ASCII/);
		const token = (parameters as { token?: string }).token;
		if (token) expect(`${error.message} ${error.description}`).not.toContain(token);
	},
);

test('the shared settings are read and checked as on the polling trigger', async () => {
	const settings = readEventSettings(
		hookContext({
			token: 'a'.repeat(20),
			statuses: 'failed, canceled',
			options: { models: 'wan2.7-image', maxImageMb: 5 },
		}),
	);
	expect([...settings.outcomes]).toEqual(['failed', 'canceled']);
	expect(settings.models).toEqual(['wan2.7-image']);
	expect(settings.maxImageBytes).toBe(5 * 1024 * 1024);
	const error = await errorOf(() =>
		readEventSettings(hookContext({ token: 'a'.repeat(20), statuses: ['done'] })),
	);
	expect(error.message).toMatch(/Fire On/);
});
