import { useSearchParams } from "react-router";

/**
 * One URL parameter as state: a list's filter kept in the address, so going back restores it and a link (the
 * dashboard, an organization's page) can open the list filtered. Setting null removes it; history is not grown.
 */
export function useSearchParam(key: string): [string | null, (value: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const set = (value: string | null) =>
    setParams(
      (p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        return p;
      },
      { replace: true },
    );
  return [params.get(key), set];
}
