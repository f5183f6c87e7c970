import type { ReactNode } from "react";
import {
  IconAddressBook,
  IconBriefcase,
  IconBuildingStore,
  IconCalendarEvent,
  IconCalendarTime,
  IconChecklist,
  IconHeartHandshake,
  IconLayoutDashboard,
  IconSettings,
  IconScale,
  IconSitemap,
  IconUserStar,
} from "@tabler/icons-react";

/** The sidebar's pages, in order; the palette offers "go to" each of them. */
export type NavItem = { to: string; key: string; icon: ReactNode; indent?: boolean };
export const NAV: NavItem[] = [
  { to: "/dashboard", key: "dashboard", icon: <IconLayoutDashboard size={18} /> },
  { to: "/directory/partners", key: "partners", icon: <IconHeartHandshake size={18} />, indent: true },
  { to: "/directory/suppliers", key: "suppliers", icon: <IconBuildingStore size={18} />, indent: true },
  { to: "/directory/clients", key: "clients", icon: <IconUserStar size={18} />, indent: true },
  { to: "/directory/departments", key: "departments", icon: <IconSitemap size={18} />, indent: true },
  { to: "/conflicts", key: "conflicts", icon: <IconScale size={18} />, indent: true },
  { to: "/contacts", key: "contacts", icon: <IconAddressBook size={18} />, indent: true },
  { to: "/projects", key: "projects", icon: <IconBriefcase size={18} /> },
  { to: "/tasks", key: "tasks", icon: <IconChecklist size={18} /> },
  { to: "/meetings", key: "meetings", icon: <IconCalendarEvent size={18} /> },
  { to: "/planner", key: "planner", icon: <IconCalendarTime size={18} /> },
  { to: "/settings", key: "settings", icon: <IconSettings size={18} /> },
];
