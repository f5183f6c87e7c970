import { CheckIcon, ColorSwatch, Group, Input, Tooltip, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { PALETTE } from "../lib/colors";

/** Picks a palette colour (or none, "automatic") for a project or department; a radio group of swatches. */
export function ColorPicker({
  value,
  onChange,
  label,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const options: (string | null)[] = [null, ...PALETTE];
  return (
    <Input.Wrapper label={label} description={t("color.hint")}>
      <Group gap={6} mt={4} role="radiogroup" aria-label={label}>
        {options.map((c) => {
          const name = c === null ? t("color.auto") : t(`color.name.${c}`);
          return (
            <Tooltip key={c ?? "auto"} label={name}>
              <UnstyledButton
                role="radio"
                aria-checked={value === c}
                aria-label={name}
                data-testid={`color-${c ?? "auto"}`}
                onClick={() => onChange(c)}
              >
                <ColorSwatch
                  size={22}
                  color={c === null ? "var(--mantine-color-default)" : `var(--mantine-color-${c}-6)`}
                  style={{
                    color: "#fff",
                    cursor: "pointer",
                    border: c === null ? "1px dashed var(--mantine-color-default-border)" : undefined,
                  }}
                >
                  {value === c && (
                    <CheckIcon size={10} color={c === null ? "var(--mantine-color-text)" : undefined} />
                  )}
                </ColorSwatch>
              </UnstyledButton>
            </Tooltip>
          );
        })}
      </Group>
    </Input.Wrapper>
  );
}
