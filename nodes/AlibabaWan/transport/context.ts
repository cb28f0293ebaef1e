import type { IExecuteFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

/** Who calls the service: a node run (items, a stop signal), a trigger's poll or an event's webhook (neither). */
export type ServiceContext = IExecuteFunctions | IPollFunctions | IWebhookFunctions;

/** The execution's stop signal; a poll has none. */
export function cancelSignalOf(ctx: ServiceContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx && typeof ctx.getExecutionCancelSignal === 'function'
		? ctx.getExecutionCancelSignal()
		: undefined;
}

/**
 * The context with another stop signal. n8n's authenticated request helper takes the signal from
 * the context it is called on, not from the request: cancels sent because of a stop must carry
 * none, the shared task watcher's requests follow the watcher's life rather than one execution's,
 * and every call is bounded in time as a whole. A prototype view keeps every other method.
 */
export function withCancelSignal<C extends ServiceContext>(
	ctx: C,
	signal: AbortSignal | undefined,
): C {
	return Object.create(ctx, { getExecutionCancelSignal: { value: () => signal } }) as C;
}
