import { lazyNamed } from "../lib/lazyNamed";

/**
 * Every page but the dashboard, each loaded on first use so the start-up script holds only what the dashboard shows.
 * `preloadPages` fetches them all once the dashboard has painted, so later navigation does not wait on the network
 * (the files are local, but parsing them still takes a moment).
 */
const loaders = {
  organizations: () => import("../features/organizations/OrganizationPages"),
  contacts: () => import("../features/contacts/ContactPages"),
  projects: () => import("../features/projects/ProjectPages"),
  tasks: () => import("../features/tasks/TaskPages"),
  taskDetail: () => import("../features/tasks/TaskDetail"),
  search: () => import("../features/search/SearchPage"),
  conflicts: () => import("../features/conflicts/Conflicts"),
  commitments: () => import("../features/commitments/Commitments"),
  relationships: () => import("../features/relationships/Relationship"),
  meetings: () => import("../features/meetings/MeetingPages"),
  planner: () => import("../features/planner/PlannerPage"),
  settings: () => import("./SettingsPage"),
};

export const OrganizationListPage = lazyNamed(loaders.organizations, "OrganizationListPage");
export const OrganizationDetailPage = lazyNamed(loaders.organizations, "OrganizationDetailPage");
export const ContactListPage = lazyNamed(loaders.contacts, "ContactListPage");
export const ContactDetailPage = lazyNamed(loaders.contacts, "ContactDetailPage");
export const ProjectListPage = lazyNamed(loaders.projects, "ProjectListPage");
export const ProjectDetailPage = lazyNamed(loaders.projects, "ProjectDetailPage");
export const TaskListPage = lazyNamed(loaders.tasks, "TaskListPage");
export const TaskDetailPage = lazyNamed(loaders.taskDetail, "TaskDetailPage");
export const SearchPage = lazyNamed(loaders.search, "SearchPage");
export const ConflictsPage = lazyNamed(loaders.conflicts, "ConflictsPage");
export const CommitmentsPage = lazyNamed(loaders.commitments, "CommitmentsPage");
export const LosingTouchPage = lazyNamed(loaders.relationships, "LosingTouchPage");
export const MeetingListPage = lazyNamed(loaders.meetings, "MeetingListPage");
export const MeetingDetailPage = lazyNamed(loaders.meetings, "MeetingDetailPage");
export const PlannerPage = lazyNamed(loaders.planner, "PlannerPage");
export const SettingsPage = lazyNamed(loaders.settings, "SettingsPage");

let preloaded: Promise<void> | null = null;

/** Loads every page's chunk in the background, once; resolves when all are in (a failed one is left to its route). */
export function preloadPages(): Promise<void> {
  preloaded ??= Promise.all(Object.values(loaders).map((load) => load().catch(() => undefined))).then(
    () => undefined,
  );
  return preloaded;
}
