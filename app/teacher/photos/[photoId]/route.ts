// A student's enrolled photo for the session review, so a teacher can see who the kiosk
// matched. Only for students enrolled in one of the viewer's classes, with consent.
import { visiblePhoto } from "@/lib/data/session-review";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { currentUser } from "@/app/current-user";

export async function GET(_req: Request, { params }: { params: Promise<{ photoId: string }> }) {
  const user = await currentUser();
  if (!user) return new Response("Sign in first", { status: 401 });
  const { photoId } = await params;
  const photo = await visiblePhoto(db, user, photoId.slice(0, 64), now());
  if (!photo) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(photo.bytes), {
    headers: { "Content-Type": photo.mimeType, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}
