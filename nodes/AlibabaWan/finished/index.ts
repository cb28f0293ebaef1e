/**
 * What a finished task fires, shared by the polling trigger and the event trigger: Fire On, the
 * Models filter, Download Images and Output, and the items a fired task becomes.
 */
export type { Outcome } from './outcome';
export { OUTCOMES, finishedItems, outcomeOf, statusMayFire, triggerKey } from './outcome';
export type { FinishedSettings, ReadsParameters } from './settings';
export { finishedFields, readFinishedSettings } from './settings';
