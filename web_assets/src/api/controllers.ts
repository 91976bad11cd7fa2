import { get, post, request } from './client';
import type {
  AdoptAnswer,
  ControllerCommand,
  ControllerList,
  ControllerOutcome,
  ControllerOutcomes,
  ControllerState,
  ExplainAnswer,
  ParameterComparison,
} from './types';

// The gate plugin's routes (docs/gate.md). `gates` names the gates to act on; none: every gate of
// the operator's.
const body = (gates?: number[]) => (gates && gates.length ? { gates } : {});

export const listControllers = () => get<ControllerList>('/api/v1/controllers');
export const getGateController = (gateId: number) => get<ControllerState>(`/api/v1/gates/${gateId}/controller`);

/** Sends a command; `ok` false (HTTP 409) with the reason when the controller is offline, refused it or it expired. */
export const sendGateCommand = (gateId: number, command: ControllerCommand, value?: string) =>
  request<ControllerOutcome>('POST', `/api/v1/gates/${gateId}/command`, {
    json: value === undefined ? { command } : { command, value },
    answerOn: [409],
  });

export interface ExplainQuery {
  card: string;
  /** Local time "YYYY-MM-DDTHH:mm"; now without it. */
  at?: string;
  pin?: string;
  reader?: 'entry' | 'exit';
}

export const explainAccess = (gateId: number, query: ExplainQuery) =>
  get<ExplainAnswer>(`/api/v1/gates/${gateId}/explain`, { ...query });

/** Reads the controllers' state now instead of at the next poll. */
export const pollControllers = (gates?: number[]) => post<ControllerOutcomes>('/api/v1/controllers/poll', body(gates));
/** Sends every table to the controllers now. */
export const transferToControllers = (gates?: number[]) =>
  post<ControllerOutcomes>('/api/v1/controllers/transfer', body(gates));
/** Compares what the controllers hold with the database; `repair` sends what drifted. */
export const verifyControllers = (gates?: number[], repair = false) =>
  post<ControllerOutcomes>('/api/v1/controllers/verify', repair ? { ...body(gates), repair } : body(gates));

/** The gate parameters the controller holds, field by field against the database; 409 when it cannot be read. */
export const readGateParameters = (gateId: number) =>
  get<ParameterComparison>(`/api/v1/gates/${gateId}/controller/gate-parameters`);
/** The IC-card parameters the controller holds against gate.ini (right `ic_card_parameters`). */
export const readCardParameters = (gateId: number) =>
  get<ParameterComparison>(`/api/v1/gates/${gateId}/controller/card-parameters`);
/** Controller → server: the gate settings the controller holds become the gate's record. */
export const adoptGateParameters = (gateId: number) =>
  post<AdoptAnswer>(`/api/v1/gates/${gateId}/controller/gate-parameters/adopt`, {});
