// An enrollment photo, for admins only (biometric data: no one else may read it).
import { db } from "@/lib/db";
import { currentUser } from "@/app/current-user";
import { photoFile } from "@/lib/photos";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string; photoId: string }> }) {
  const user = await currentUser();
  if (!user || user.role !== "ADMIN") return new Response("Not allowed", { status: 403 });
  const { id, photoId } = await params;
  const photo = await photoFile(db, id, photoId);
  if (!photo) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(photo.bytes), {
    headers: { "Content-Type": photo.mimeType, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}
