import { redirect } from "next/navigation";
import { currentUser } from "@/app/current-user";

// The start page sends each person where they work.
export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/login");
  redirect(user.role === "ADMIN" ? "/admin" : "/teacher");
}
