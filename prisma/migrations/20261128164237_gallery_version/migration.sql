-- CreateTable
CREATE TABLE "GalleryVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- The single row, and triggers that bump it on every change a class gallery is built from.
INSERT INTO "GalleryVersion" ("id", "version") VALUES (1, 0);
CREATE TRIGGER "FaceTemplate_gallery_insert" AFTER INSERT ON "FaceTemplate" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "FaceTemplate_gallery_update" AFTER UPDATE ON "FaceTemplate" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "FaceTemplate_gallery_delete" AFTER DELETE ON "FaceTemplate" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Enrollment_gallery_insert" AFTER INSERT ON "Enrollment" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Enrollment_gallery_update" AFTER UPDATE ON "Enrollment" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Enrollment_gallery_delete" AFTER DELETE ON "Enrollment" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Student_gallery_insert" AFTER INSERT ON "Student" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Student_gallery_update" AFTER UPDATE ON "Student" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Student_gallery_delete" AFTER DELETE ON "Student" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Class_gallery_update" AFTER UPDATE ON "Class" BEGIN UPDATE "GalleryVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
