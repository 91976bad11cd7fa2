import { listAffiliations } from '../api/affiliations';
import { listAllGates } from '../api/gates';
import { listGateGroups } from '../api/gateGroups';
import { listManagementGroups } from '../api/managementGroups';
import type { Affiliation, ChangeTopic, Gate, GateGroup, ManagementGroup } from '../api/types';
import { useChanged } from '../live/LiveEvents';
import { useLoad } from '../common/useLoad';

// The small lists that screens use for pickers and names; each reloads when its topic changes.

function useCatalogue<T>(topic: ChangeTopic, load: () => Promise<T[]>) {
  const loaded = useLoad(load, []);
  useChanged(topic, loaded.reload);
  return { items: loaded.data ?? [], loading: loaded.loading, error: loaded.error, reload: loaded.reload };
}

export const useAffiliations = () =>
  useCatalogue<Affiliation>('affiliations', () => listAffiliations().then((r) => r.items));

export const useManagementGroups = () =>
  useCatalogue<ManagementGroup>('management_groups', () => listManagementGroups().then((r) => r.items));

export const useAllGates = () => useCatalogue<Gate>('gates', listAllGates);

export const useGateGroups = () => useCatalogue<GateGroup>('gate_groups', () => listGateGroups().then((r) => r.items));
