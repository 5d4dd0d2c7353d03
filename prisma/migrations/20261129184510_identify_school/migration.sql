-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_FaceTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studentId" TEXT NOT NULL,
    "photoId" TEXT,
    "descriptor" BLOB NOT NULL,
    "modelId" TEXT NOT NULL,
    "detectionScore" REAL,
    "faceSize" INTEGER,
    "photoTakenAt" DATETIME,
    "lookAlikeConfirmed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FaceTemplate_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FaceTemplate_photoId_fkey" FOREIGN KEY ("photoId") REFERENCES "FacePhoto" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_FaceTemplate" ("createdAt", "descriptor", "detectionScore", "faceSize", "id", "modelId", "photoId", "studentId") SELECT "createdAt", "descriptor", "detectionScore", "faceSize", "id", "modelId", "photoId", "studentId" FROM "FaceTemplate";
DROP TABLE "FaceTemplate";
ALTER TABLE "new_FaceTemplate" RENAME TO "FaceTemplate";
CREATE INDEX "FaceTemplate_studentId_idx" ON "FaceTemplate"("studentId");
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
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SchoolSettings" ("defaultTardyMinutes", "id", "matchingRules", "name", "retentionDays", "timeZone", "updatedAt") SELECT "defaultTardyMinutes", "id", "matchingRules", "name", "retentionDays", "timeZone", "updatedAt" FROM "SchoolSettings";
DROP TABLE "SchoolSettings";
ALTER TABLE "new_SchoolSettings" RENAME TO "SchoolSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Redefining FaceTemplate dropped its gallery triggers: put them back.
CREATE TRIGGER "FaceTemplate_gallery_insert" AFTER INSERT ON "FaceTemplate" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "FaceTemplate_gallery_update" AFTER UPDATE ON "FaceTemplate" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "FaceTemplate_gallery_delete" AFTER DELETE ON "FaceTemplate" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
-- Photos enrolled before photo dates were kept: the upload date is the best known.
UPDATE "FaceTemplate" SET "photoTakenAt" = "createdAt" WHERE "photoTakenAt" IS NULL;
