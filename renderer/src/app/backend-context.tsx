/** The backend (desktop IPC or browser host) for every view, and the typed query hooks over it. */
import { createContext, useContext } from 'react';
import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { ArgsIn, RequestName, Result } from '../../../shared/contract';
import type { Backend } from '../api/backend';

export const BackendContext = createContext<Backend | null>(null);

export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (!backend) throw new Error('useBackend outside BackendContext');
  return backend;
}

/** The cache key of a request: its name and arguments, so equal requests share one answer. */
export const callKey = <K extends RequestName>(name: K, args: ArgsIn<K>) => [name, args] as const;

/** One contract request as a cached query; every cached answer is dropped when the case changes. */
export function useCall<K extends RequestName>(
  name: K,
  args: ArgsIn<K>,
  options: Omit<UseQueryOptions<Result<K>, Error>, 'queryKey' | 'queryFn'> = {},
) {
  const backend = useBackend();
  return useQuery<Result<K>, Error>({
    queryKey: callKey(name, args),
    queryFn: () => backend.call(name, args),
    ...options,
  });
}
