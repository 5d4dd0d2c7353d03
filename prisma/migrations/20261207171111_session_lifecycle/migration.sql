-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CheckInAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kioskId" TEXT NOT NULL,
    "sessionId" TEXT,
    "classId" TEXT,
    "slotStartsAt" DATETIME,
    "studentId" TEXT,
    "outcome" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CheckInAttempt_kioskId_fkey" FOREIGN KEY ("kioskId") REFERENCES "Kiosk" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CheckInAttempt_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ClassSession" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CheckInAttempt_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Attempts name their meeting from now on; earlier ones take it from their session.
INSERT INTO "new_CheckInAttempt" ("createdAt", "id", "kioskId", "outcome", "sessionId", "classId", "slotStartsAt") SELECT a."createdAt", a."id", a."kioskId", a."outcome", a."sessionId", s."classId", s."startsAt" FROM "CheckInAttempt" a LEFT JOIN "ClassSession" s ON s."id" = a."sessionId";
DROP TABLE "CheckInAttempt";
ALTER TABLE "new_CheckInAttempt" RENAME TO "CheckInAttempt";
CREATE INDEX "CheckInAttempt_kioskId_createdAt_idx" ON "CheckInAttempt"("kioskId", "createdAt");
CREATE INDEX "CheckInAttempt_classId_slotStartsAt_idx" ON "CheckInAttempt"("classId", "slotStartsAt");
CREATE INDEX "CheckInAttempt_studentId_createdAt_idx" ON "CheckInAttempt"("studentId", "createdAt");
CREATE TABLE "new_LivenessChallenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kioskId" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,
    "slotStartsAt" DATETIME NOT NULL,
    "direction" TEXT NOT NULL,
    "distance" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);
-- Challenges live 12 s: the ones open during the upgrade are dropped (the kiosk asks again).
DROP TABLE "LivenessChallenge";
ALTER TABLE "new_LivenessChallenge" RENAME TO "LivenessChallenge";
CREATE INDEX "LivenessChallenge_kioskId_trackId_idx" ON "LivenessChallenge"("kioskId", "trackId");
CREATE INDEX "LivenessChallenge_expiresAt_idx" ON "LivenessChallenge"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
