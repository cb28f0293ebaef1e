import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readEventSettings, receiveEvent } from './events';
import { finishedFields } from './finished';

export class AlibabaWanEventTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alibaba Wan Event Trigger',
		name: 'alibabaWanEventTrigger',
		icon: { light: 'file:alibabaWan.svg', dark: 'file:alibabaWan.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'On task finished (EventBridge)',
		description:
			'Starts the workflow once for each Alibaba Wan (DashScope) image task that finished, as Alibaba Cloud EventBridge reports it',
		defaults: { name: 'Alibaba Wan Event Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'alibabaWanApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'events',
			},
		],
		properties: [
			{
				displayName:
					'Paste the Production URL above into an Alibaba Cloud EventBridge rule (default event bus of the tasks\' region, source acs.dashscope, type dashscope:System:AsyncTaskFinish) as an HTTP target with Body "Complete Event" and the Token below. See the README.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Token',
				name: 'token',
				type: 'string',
				typeOptions: { password: true },
				required: true,
				default: '',
				placeholder: 'e.g. the output of openssl rand -hex 32',
				description:
					"The secret EventBridge sends in the x-eventbridge-signature-token header (the Token of the rule's HTTP target, under its advanced options). At least 16 characters; deliveries without it are refused.",
			},
			...finishedFields(),
		],
	};

	webhookMethods = {
		default: {
			// Nothing to register with the service; activation only checks the settings, so a missing
			// or short Token stops the activation with the reason instead of refusing every event.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				readEventSettings(this);
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveEvent.call(this);
	}
}
