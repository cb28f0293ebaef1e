import { checkText } from '../helpers/checks';
import { failParameter } from '../helpers/nodeError';
import type { FinishedSettings, ReadsParameters } from '../finished';
import { readFinishedSettings } from '../finished';

export interface EventSettings extends FinishedSettings {
	/** What EventBridge must send in x-eventbridge-signature-token. Never logged or output. */
	token: string;
}

const TOKEN_CHARS = {
	pattern: /[\x21-\x7e]/,
	explain:
		'A token has only printable ASCII characters without spaces (it travels in an HTTP header).',
};

/** Every event trigger parameter, checked at run time (expressions bypass the editor). */
export function readEventSettings(ctx: ReadsParameters): EventSettings {
	const advice =
		'Set a random token of 16 to 256 characters, e.g. the output of "openssl rand -hex 32", and the same Token on the EventBridge target.';
	const token = checkText(ctx, 0, 'Token', ctx.getNodeParameter('token', ''), {
		required: true,
		charset: TOKEN_CHARS,
		advice,
	}) as string;
	// The length only, never the token itself, in the message.
	if (token.length < 16 || token.length > 256)
		failParameter(ctx.getNode(), 0, `Token is ${token.length} characters long`, advice);
	return { ...readFinishedSettings(ctx), token };
}
