"use client";

import { useActionState } from "react";
import { deletePhotoAction } from "@/app/admin/students/actions";
import { Feedback } from "@/app/ui/table";

export function DeletePhotoButton({ photoId, label }: { photoId: string; label: string }) {
  const [state, action, pending] = useActionState(deletePhotoAction, null);
  return (
    <form action={action} onSubmit={(e) => !confirm("Delete this photo and its face template?") && e.preventDefault()}>
      <input type="hidden" name="photoId" value={photoId} />
      <button type="submit" disabled={pending} aria-label={label} className="mt-1 text-sm text-red-800 underline">
        Delete
      </button>
      <Feedback state={state && !state.ok ? state : null} />
    </form>
  );
}
