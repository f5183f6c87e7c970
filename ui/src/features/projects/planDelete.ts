import { commands } from "../../bindings";
import { useDeleteWithUndo } from "../../components/undo";

// Apart from ./api so that the dashboard's plan writes load without the delete-and-undo dialog.

/** Deletes a milestone, risk or budget line with an Undo toast (the same as any other record). */
export function usePlanPartDelete(entity: "milestone" | "risk" | "budget_line") {
  return useDeleteWithUndo(
    entity,
    (id) => commands.planPartDelete(entity, id),
    (id) => commands.planPartRestore(entity, id),
  );
}
