import { Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconCalendarTime } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

export function PlannerPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Title order={2} data-testid="page-title">
        {t("nav.planner")}
      </Title>
      <Paper withBorder radius="md" p="xl" data-testid="planner-coming-soon">
        <Stack align="center" gap="sm">
          <ThemeIcon size={48} radius="xl" variant="light">
            <IconCalendarTime size={28} aria-hidden />
          </ThemeIcon>
          <Title order={3}>{t("planner.comingSoon")}</Title>
          <Text c="dimmed" ta="center" maw={520}>
            {t("planner.body")}
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
