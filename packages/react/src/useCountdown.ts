import { useEffect, useState } from 'react';

/**
 * Seconds left until `deadline` (unix seconds), ticking once a second and never below 0; `null`
 * without a deadline. The timer stops at 0 and on unmount.
 */
export function useCountdown(deadline: number | null, now: () => number): number | null {
  const [seconds, setSeconds] = useState<number | null>(() => secondsLeft(deadline, now));
  useEffect(() => {
    setSeconds(secondsLeft(deadline, now));
    if (deadline === null) return;
    const timer = setInterval(() => {
      const left = secondsLeft(deadline, now);
      setSeconds(left);
      if (left === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline, now]);
  return seconds;
}

function secondsLeft(deadline: number | null, now: () => number): number | null {
  return deadline === null ? null : Math.max(0, Math.floor(deadline - now()));
}
