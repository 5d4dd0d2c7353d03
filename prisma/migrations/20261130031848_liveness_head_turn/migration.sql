-- AlterTable
ALTER TABLE "Class" ADD COLUMN "liveness" TEXT;

-- CreateTable
CREATE TABLE "LivenessChallenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kioskId" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "distance" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AttendanceRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "markedAt" DATETIME NOT NULL,
    "receivedAt" DATETIME,
    "method" TEXT NOT NULL,
    "matchDistance" REAL,
    "headTurn" BOOLEAN NOT NULL DEFAULT false,
    "kioskId" TEXT,
    "changedById" TEXT,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AttendanceRecord_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ClassSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AttendanceRecord_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AttendanceRecord_kioskId_fkey" FOREIGN KEY ("kioskId") REFERENCES "Kiosk" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AttendanceRecord_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_AttendanceRecord" ("changedById", "createdAt", "id", "kioskId", "markedAt", "matchDistance", "method", "note", "receivedAt", "sessionId", "status", "studentId", "updatedAt") SELECT "changedById", "createdAt", "id", "kioskId", "markedAt", "matchDistance", "method", "note", "receivedAt", "sessionId", "status", "studentId", "updatedAt" FROM "AttendanceRecord";
DROP TABLE "AttendanceRecord";
ALTER TABLE "new_AttendanceRecord" RENAME TO "AttendanceRecord";
CREATE INDEX "AttendanceRecord_studentId_idx" ON "AttendanceRecord"("studentId");
CREATE UNIQUE INDEX "AttendanceRecord_sessionId_studentId_key" ON "AttendanceRecord"("sessionId", "studentId");
CREATE TABLE "new_SchoolSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "name" TEXT NOT NULL DEFAULT 'Our school',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "defaultTardyMinutes" INTEGER NOT NULL DEFAULT 10,
    "retentionDays" INTEGER NOT NULL DEFAULT 30,
    "matchingRules" JSONB,
    "previousMatchingRules" JSONB,
    "targetFar" REAL NOT NULL DEFAULT 0.001,
    "reenrollMonths" INTEGER NOT NULL DEFAULT 12,
    "chronicMinSessions" INTEGER NOT NULL DEFAULT 10,
    "offlineGraceMinutes" INTEGER NOT NULL DEFAULT 120,
    "liveness" TEXT NOT NULL DEFAULT 'OFF',
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SchoolSettings" ("chronicMinSessions", "defaultTardyMinutes", "id", "matchingRules", "name", "offlineGraceMinutes", "previousMatchingRules", "reenrollMonths", "retentionDays", "targetFar", "timeZone", "updatedAt") SELECT "chronicMinSessions", "defaultTardyMinutes", "id", "matchingRules", "name", "offlineGraceMinutes", "previousMatchingRules", "reenrollMonths", "retentionDays", "targetFar", "timeZone", "updatedAt" FROM "SchoolSettings";
DROP TABLE "SchoolSettings";
ALTER TABLE "new_SchoolSettings" RENAME TO "SchoolSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "LivenessChallenge_kioskId_trackId_idx" ON "LivenessChallenge"("kioskId", "trackId");

-- CreateIndex
CREATE INDEX "LivenessChallenge_expiresAt_idx" ON "LivenessChallenge"("expiresAt");
