import { Alert, Button, Skeleton, Stack } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../lib/ipc";

// A query's loading and error states, apart from the list page (and its virtualizer) so any page can show them.

export function ListSkeleton({ rows = 8, height = 44 }: { rows?: number; height?: number }) {
  return (
    <Stack gap={6} aria-busy="true" p="xs">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={height - 10} radius="sm" />
      ))}
    </Stack>
  );
}

export function QueryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={errorMessage(t, error)} m="sm">
      <Button size="xs" variant="light" color="red" onClick={onRetry}>
        {t("actions.retry")}
      </Button>
    </Alert>
  );
}
