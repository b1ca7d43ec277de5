import { ChipiSessionError } from '@chipi-sessions/core';
import { useContext } from 'react';
import { ChipiSessionsContext, type ChipiSessionsContextValue } from './ChipiSessionsContext.js';

/** The provider's value; a hook used outside `ChipiSessionsProvider` throws `INVALID_INPUT`. */
export function useChipiSessionsContext(): ChipiSessionsContextValue {
  const value = useContext(ChipiSessionsContext);
  if (value === null) {
    throw new ChipiSessionError(
      'INVALID_INPUT',
      'useChipiSession and useX402Payment need a <ChipiSessionsProvider> above them',
    );
  }
  return value;
}
