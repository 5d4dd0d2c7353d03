-- CreateTable
CREATE TABLE "Guardian" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sourcedId" TEXT,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "email" TEXT,
    "language" TEXT,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "archivedAt" DATETIME,
    "optedOutAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "GuardianLink" (
    "guardianId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "fromRoster" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("guardianId", "studentId"),
    CONSTRAINT "GuardianLink_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GuardianLink_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "guardianId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'ABSENCE',
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "sendAfter" DATETIME NOT NULL,
    "absences" JSONB NOT NULL,
    "recipient" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "claimedAt" DATETIME,
    "claimedBy" TEXT,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Notice_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Notice_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "noticesEnabled" BOOLEAN NOT NULL DEFAULT true,
    "noticeSendTime" TEXT,
    "noticeDelayMinutes" INTEGER NOT NULL DEFAULT 15,
    "noticeExcused" BOOLEAN NOT NULL DEFAULT false,
    "noticeTardy" BOOLEAN NOT NULL DEFAULT false,
    "noticeCorrections" BOOLEAN NOT NULL DEFAULT false,
    "noticeSubject" TEXT,
    "noticeBody" TEXT,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SchoolSettings" ("chronicMinSessions", "defaultTardyMinutes", "id", "liveness", "matchingRules", "name", "offlineGraceMinutes", "previousMatchingRules", "reenrollMonths", "retentionDays", "targetFar", "timeZone", "updatedAt") SELECT "chronicMinSessions", "defaultTardyMinutes", "id", "liveness", "matchingRules", "name", "offlineGraceMinutes", "previousMatchingRules", "reenrollMonths", "retentionDays", "targetFar", "timeZone", "updatedAt" FROM "SchoolSettings";
DROP TABLE "SchoolSettings";
ALTER TABLE "new_SchoolSettings" RENAME TO "SchoolSettings";
-- Added in place, not redefined: redefining Student would drop its gallery-version triggers.
ALTER TABLE "Student" ADD COLUMN "doNotContact" BOOLEAN NOT NULL DEFAULT false;
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Guardian_sourcedId_key" ON "Guardian"("sourcedId");

-- CreateIndex
CREATE INDEX "GuardianLink_studentId_idx" ON "GuardianLink"("studentId");

-- CreateIndex
CREATE INDEX "Notice_status_sendAfter_idx" ON "Notice"("status", "sendAfter");

-- CreateIndex
CREATE INDEX "Notice_date_idx" ON "Notice"("date");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_guardianId_studentId_date_kind_key" ON "Notice"("guardianId", "studentId", "date", "kind");
