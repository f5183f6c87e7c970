import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { unwrap } from "../../lib/ipc";
import { keys } from "../../lib/queryClient";
import { useSearchParam } from "../../lib/searchParam";

/** The URL parameter an organization's page sets when it opens a list filtered to it. */
export const ORGANIZATION_PARAM = "organization";

/** The organization a list is filtered to, kept in the URL so the filter survives going back and can be linked. */
export function useOrganizationFilter() {
  return useSearchParam(ORGANIZATION_PARAM);
}

/** A compact organization picker for a list's toolbar; it shows the chosen organization's name. */
export function OrganizationFilter({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
}) {
  const { t } = useTranslation();
  const org = useQuery({
    queryKey: keys.detail("organization", value ?? ""),
    queryFn: () => unwrap(commands.organizationGet(value ?? "")),
    enabled: !!value,
  });
  // Wait for the name so the field opens showing it rather than the bare placeholder.
  if (value && org.isPending) return null;
  return (
    <EntityPicker
      key={value ?? "all"}
      label={t("filter.organization")}
      placeholder={t("filter.anyOrganization")}
      hideLabel
      loader={loaders.organizations()}
      value={value}
      onChange={onChange}
      initial={value && org.data ? { value, label: org.data.name } : null}
      data-testid="filter-organization"
    />
  );
}
