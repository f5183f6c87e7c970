import { useSyncExternalStore } from "react";
import { onUserTimeZoneChange, userTimeZone } from "./time";

/** The user's zone, re-rendering the caller when Settings change it. */
export function useUserTimeZone(): string {
  return useSyncExternalStore(onUserTimeZoneChange, userTimeZone, userTimeZone);
}
