-- CreateTable
CREATE TABLE "DeploymentPreviewData" (
    "deploymentId" TEXT NOT NULL PRIMARY KEY,
    "sql" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    CONSTRAINT "DeploymentPreviewData_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
