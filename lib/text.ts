// Small wording helpers for what people read on screen.

/** "1 photo", "3 photos" (`many` for irregular plurals). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "room 112", but "Room 112" as it is where the room's name says so already (not "room Room 112"). */
export function roomLabel(room: string): string {
  return /^room\b/i.test(room.trim()) ? room.trim() : `room ${room.trim()}`;
}
