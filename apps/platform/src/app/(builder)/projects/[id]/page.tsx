import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { findProject } from '@/components/builder/editor-caller';
import { ProjectBuilder } from '@/components/builder/project-builder';
import { getPlatform } from '@/server/platform';
import { requireTeam } from '@/server/viewer';
import { SwitchTeamNotice } from './switch-team-notice';

type TProjectPageProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: TProjectPageProps): Promise<Metadata> {
  const { id } = await params;
  const found = await findProject(id);
  return { title: found ? found.project.name : 'Project not found' };
}

export default async function ProjectPage({ params }: TProjectPageProps) {
  const { id } = await params;
  const viewer = await requireTeam(`/projects/${encodeURIComponent(id)}`);
  const found = await findProject(id);
  if (!found) notFound();
  // Deploys, the dashboard and the API calls all act in the active team: open it there.
  if (found.org.id !== viewer.activeOrg.id) {
    return <SwitchTeamNotice projectName={found.project.name} org={{ id: found.org.id, name: found.org.name }} activeOrgName={viewer.activeOrg.name} />;
  }
  const { members } = await getPlatform().orgs.members(found.org.id);
  const authors = Object.fromEntries(members.map((m) => [m.userId, m.userId === viewer.user.id ? 'You' : m.name || m.email]));
  return (
    <ProjectBuilder
      orgId={found.org.id}
      projectId={found.project.id}
      projectName={found.project.name}
      readOnly={found.org.role === 'viewer'}
      authors={authors}
    />
  );
}
