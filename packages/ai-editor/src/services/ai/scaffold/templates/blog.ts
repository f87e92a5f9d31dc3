import { type TScaffoldEntity } from '../entities';
import { type TScaffoldIntent } from '../intent';
import { seedRows, type TSeedRow } from '../seed-values';
import { API_HTTP_TS, API_RECORDS_TS, apiFieldsTs, apiIndexTs, entitySeedSql, entityTableSql } from './api-kit';
import { entityKitFiles } from './entity-kit';
import { requireEntity } from './require-entity';
import { appTsx, baseCss, configTs, indexHtml, layoutTsx, mainTsx, manifestFile, notFoundPageTsx } from './shared';
import { type TScaffoldApp, type TScaffoldTemplate } from './types';

const POSTS: TSeedRow[] = [
  {
    title: 'Why we write everything down',
    excerpt: 'Writing is thinking made visible. Here is how a simple habit changed the way our small team works.',
    body:
      'When our team was three people, we kept everything in our heads. It worked until it did not. Decisions were made twice, ideas were lost, and new people had to learn by osmosis.\n\n' +
      'So we started writing things down. Not long documents, just short notes: what we decided, why, and what we would do differently next time.\n\n' +
      'Six months later the effect is hard to overstate. Meetings are shorter, onboarding takes days instead of weeks, and we argue about ideas instead of memories.',
    author: 'Maya Chen',
    publishedOn: '2026-01-12',
  },
  {
    title: 'A beginner’s guide to slow mornings',
    excerpt: 'Fewer notifications, more coffee. A gentle routine for people who hate routines.',
    body:
      'Slow mornings are not about waking up at five. They are about giving the first hour of the day to yourself before the world asks for it.\n\n' +
      'Start small: leave your phone in another room, make something warm to drink, and read a few pages of a paper book.\n\n' +
      'After a week you will notice that the rest of the day feels less rushed, even when it is not.',
    author: 'Jonas Weber',
    publishedOn: '2026-01-26',
  },
  {
    title: 'What we learned shipping 52 releases in a year',
    excerpt: 'Weekly releases sound exhausting. In practice they made our work calmer and our product better.',
    body:
      'A year ago we moved from quarterly launches to a release every Friday. The first month was bumpy.\n\n' +
      'Small releases are easy to review, easy to test and easy to roll back. Nobody waits three months to see their work in the hands of customers.\n\n' +
      'The biggest surprise was how much less stressful it became. When every release is small, no single release is scary.',
    author: 'Priya Nair',
    publishedOn: '2026-02-09',
  },
  {
    title: 'Designing for the tired user',
    excerpt: 'Most people use your product at the end of a long day. Design for them.',
    body:
      'We tend to imagine users who are focused, patient and curious. Real people are tired, distracted and in a hurry.\n\n' +
      'Designing for the tired user means clear labels, forgiving forms, obvious next steps and no surprises.\n\n' +
      'The good news is that what helps tired people helps everyone.',
    author: 'Leo Martins',
    publishedOn: '2026-02-23',
  },
  {
    title: 'Notes from a week without meetings',
    excerpt: 'We cancelled every recurring meeting for a week. Here is what broke and what got better.',
    body:
      'Nothing caught fire. A few questions took longer to answer, and one decision waited until Monday.\n\n' +
      'In exchange, everyone had long stretches of uninterrupted time, and the written updates we used instead were easier to skim than any meeting.\n\n' +
      'We kept two meetings and replaced the rest with a shared weekly note.',
    author: 'Maya Chen',
    publishedOn: '2026-03-09',
  },
];

type TBlogRoles = {
  title: string;
  body: string;
  excerpt?: string;
  author?: string;
  date?: string;
  extras: string[];
};

function blogRoles(entity: TScaffoldEntity): TBlogRoles {
  const longTexts = entity.fields.filter((field) => field.type === 'longtext');
  const body =
    longTexts.find((field) => ['body', 'content', 'text', 'post', 'article', 'story'].includes(field.key)) ??
    longTexts.find((field) => !['excerpt', 'summary', 'intro', 'description'].includes(field.key)) ??
    longTexts[0];
  const excerpt = longTexts.find((field) => field !== body && ['excerpt', 'summary', 'intro', 'description', 'subtitle'].includes(field.key));
  const author = entity.fields.find((field) => field.type === 'text' && ['author', 'writer', 'byline'].includes(field.key));
  const date = entity.fields.find((field) => field.type === 'date');
  const used = new Set([entity.displayField, body?.key, excerpt?.key, author?.key, date?.key]);
  return {
    title: entity.displayField,
    body: body?.key ?? entity.displayField,
    ...(excerpt ? { excerpt: excerpt.key } : {}),
    ...(author ? { author: author.key } : {}),
    ...(date ? { date: date.key } : {}),
    extras: entity.fields.filter((field) => !used.has(field.key)).map((field) => field.key),
  };
}

function postMetaTsx(entity: TScaffoldEntity, roles: TBlogRoles): string {
  const type = entity.typeName;
  const parts: string[] = [];
  if (roles.author) parts.push(`post.${roles.author} ? <span key="author">{post.${roles.author}}</span> : null`);
  if (roles.date) parts.push(`post.${roles.date} ? <span key="date">{formatDate(post.${roles.date})}</span> : null`);
  parts.push(`<span key="time" className="row-inline"><Clock size={14} /> {readingMinutes(post)} min read</span>`);
  return `import { Clock } from 'lucide-react';
import { formatDate } from './FieldDisplay';
import { type ${type} } from '../fields';

export function readingMinutes(post: ${type}): number {
  const words = String(post.${roles.body} ?? '').split(/\\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 200));
}

/** Author · date · reading time. */
export function PostMeta({ post }: { post: ${type} }) {
  const parts = [
${parts.map((part) => `    ${part},`).join('\n')}
  ].filter(Boolean);
  return (
    <p className="post-meta">
      {parts.map((part, index) => (
        <span key={index} className="row-inline">
          {index > 0 && <span className="dot" aria-hidden="true">·</span>}
          {part}
        </span>
      ))}
    </p>
  );
}
`;
}

function homePageTsx(entity: TScaffoldEntity, roles: TBlogRoles): string {
  const excerpt = (name: string) =>
    roles.excerpt ? `${name}.${roles.excerpt}` : `String(${name}.${roles.body} ?? '').slice(0, 180) + '…'`;
  return `import { Link } from 'react-router';
import { ArrowRight, PenLine } from 'lucide-react';
import { records, useResource } from '../api';
import { PostMeta } from '../components/PostMeta';
import { APP_NAME, TAGLINE } from '../config';

export function HomePage() {
  const { data, error, loading, reload } = useResource(() => records.list(), []);
  const posts = data?.items ?? [];
  const [featured, ...rest] = posts;

  return (
    <>
      <section className="blog-hero">
        <div className="container narrow-wide">
          <p className="eyebrow">The blog</p>
          <h1 className="blog-title">{APP_NAME}</h1>
          <p className="lead">{TAGLINE}</p>
        </div>
      </section>

      <section className="container narrow-wide">
        {error && (
          <div className="alert" role="alert">
            <span>{error}</span>
            <button type="button" className="button small secondary" onClick={reload}>
              Try again
            </button>
          </div>
        )}

        {loading && !data && (
          <div className="card">
            <div className="skeleton" />
          </div>
        )}

        {data && posts.length === 0 && (
          <div className="card empty">
            <h3>No posts yet</h3>
            <p>Write the first one and it will show up here.</p>
            <Link to="/manage/new" className="button">
              <PenLine size={16} /> Write a post
            </Link>
          </div>
        )}

        {featured && (
          <Link to={'/posts/' + featured.id} className="featured-post">
            <span className="badge accent">Latest</span>
            <h2>{featured.${roles.title}}</h2>
            <p className="excerpt">{${excerpt('featured')}}</p>
            <PostMeta post={featured} />
            <span className="read-more">
              Read the post <ArrowRight size={16} />
            </span>
          </Link>
        )}

        <div className="post-list">
          {rest.map((post) => (
            <Link key={post.id} to={'/posts/' + post.id} className="post-card">
              <h3>{post.${roles.title}}</h3>
              <p className="excerpt">{${excerpt('post')}}</p>
              <PostMeta post={post} />
            </Link>
          ))}
        </div>
      </section>
    </>
  );
}
`;
}

function postPageTsx(entity: TScaffoldEntity, roles: TBlogRoles): string {
  const extras = roles.extras;
  return `import { Link, useParams } from 'react-router';
import { ArrowLeft, Pencil } from 'lucide-react';
import { records, useResource } from '../api';
import { FieldDisplay } from '../components/FieldDisplay';
import { PostMeta } from '../components/PostMeta';
import { FIELDS } from '../fields';

/** Fields shown under the post besides its title, text, author and date. */
const EXTRA_KEYS: string[] = ${JSON.stringify(extras)};
const EXTRA_FIELDS = FIELDS.filter((field) => EXTRA_KEYS.includes(field.key));

export function PostPage() {
  const { id = '' } = useParams();
  const postId = Number(id);
  const { data: post, error, loading } = useResource(() => records.get(postId), [postId]);

  return (
    <article className="container narrow post-page">
      <Link to="/" className="back-link">
        <ArrowLeft size={16} /> All posts
      </Link>

      {loading && !post && <div className="skeleton" />}

      {error && !post && (
        <div className="card empty">
          <h3>This post could not be loaded</h3>
          <p>{error}</p>
        </div>
      )}

      {post && (
        <>
          <header className="post-header">
            <h1 className="post-title">{post.${roles.title}}</h1>
            <PostMeta post={post} />
          </header>
          <div className="prose">
            {String(post.${roles.body} ?? '')
              .split(/\\n\\s*\\n/)
              .map((paragraph, index) => (
                <p key={index}>{paragraph}</p>
              ))}
          </div>
          {EXTRA_FIELDS.length > 0 && (
            <dl className="details post-extras">
              {EXTRA_FIELDS.map((field) => (
                <div key={field.key} style={{ display: 'contents' }}>
                  <dt>{field.label}</dt>
                  <dd>
                    <FieldDisplay field={field} value={post[field.key]} />
                  </dd>
                </div>
              ))}
            </dl>
          )}
          <footer className="post-footer">
            <Link to={'/manage/' + post.id} className="button secondary">
              <Pencil size={16} /> Edit this post
            </Link>
          </footer>
        </>
      )}
    </article>
  );
}
`;
}

const BLOG_CSS = `
/* Blog */
.blog-hero {
  padding: 64px 0 36px;
  text-align: left;
}

.narrow-wide {
  max-width: 860px;
}

.blog-title {
  font-family: 'Iowan Old Style', 'Palatino Linotype', Palatino, Georgia, 'Times New Roman', serif;
  font-size: clamp(2.6rem, 6vw, 4rem);
  font-weight: 700;
  letter-spacing: -0.03em;
  margin-bottom: 12px;
}

.blog-hero .lead {
  max-width: 600px;
}

.featured-post {
  display: block;
  padding: 36px;
  border-radius: 20px;
  color: var(--text);
  background:
    radial-gradient(500px 200px at 100% 0%, var(--primary-soft), transparent 70%),
    var(--surface);
  border: 1px solid var(--border);
  box-shadow: var(--shadow);
  margin-bottom: 28px;
  transition: transform 0.15s ease, box-shadow 0.15s ease;
}

.featured-post:hover,
.post-card:hover {
  color: var(--text);
  transform: translateY(-2px);
  box-shadow: var(--shadow-lg);
}

.featured-post h2 {
  font-family: 'Iowan Old Style', 'Palatino Linotype', Palatino, Georgia, serif;
  font-size: clamp(1.7rem, 3vw, 2.3rem);
  margin: 14px 0 10px;
}

.excerpt {
  color: var(--text-2);
  font-size: 1.05rem;
}

.read-more {
  display: inline-flex;
  margin-top: 16px;
  align-items: center;
  gap: 6px;
  font-weight: 600;
  color: var(--primary);
}

.post-list {
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
  gap: 20px;
}

.post-card {
  display: block;
  padding: 26px;
  border-radius: var(--radius);
  background: var(--surface);
  border: 1px solid var(--border);
  box-shadow: var(--shadow-sm);
  color: var(--text);
  transition: transform 0.15s ease, box-shadow 0.15s ease;
}

.post-card h3 {
  font-family: 'Iowan Old Style', 'Palatino Linotype', Palatino, Georgia, serif;
  font-size: 1.35rem;
}

.post-card .excerpt {
  font-size: 0.97rem;
}

.post-meta {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 8px;
  margin: 0;
  color: var(--muted);
  font-size: 0.9rem;
}

.row-inline {
  display: inline-flex;
  align-items: center;
  gap: 6px;
}

.dot {
  margin-right: 2px;
}

.post-page {
  padding-top: 40px;
}

.post-header {
  margin-bottom: 32px;
  padding-bottom: 24px;
  border-bottom: 1px solid var(--border);
}

.post-title {
  font-family: 'Iowan Old Style', 'Palatino Linotype', Palatino, Georgia, serif;
  font-size: clamp(2.2rem, 5vw, 3.1rem);
  letter-spacing: -0.025em;
  margin-bottom: 14px;
}

.prose p {
  font-family: 'Iowan Old Style', 'Palatino Linotype', Palatino, Georgia, serif;
  font-size: 1.22rem;
  line-height: 1.75;
  color: #1e293b;
  margin-bottom: 1.4em;
}

.post-extras {
  margin-top: 24px;
}

.post-footer {
  margin-top: 40px;
  padding-top: 24px;
  border-top: 1px solid var(--border);
}
`;

export const blogTemplate: TScaffoldTemplate = {
  id: 'blog',
  title: 'blog',
  render(intent: TScaffoldIntent): TScaffoldApp {
    const entity = requireEntity(intent);
    const roles = blogRoles(entity);
    const fixed = POSTS.map((post) => {
      const row: TSeedRow = { [roles.title]: post.title ?? null, [roles.body]: post.body ?? null };
      if (roles.excerpt) row[roles.excerpt] = post.excerpt ?? null;
      if (roles.author) row[roles.author] = post.author ?? null;
      if (roles.date) row[roles.date] = post.publishedOn ?? null;
      return row;
    });
    const rows = seedRows(entity, fixed.length, { fixed });
    const orderBy = roles.date
      ? `"${entity.fields.find((field) => field.key === roles.date)?.column ?? 'id'}" DESC, "id" DESC`
      : '"id" DESC';
    const tagline = 'Stories, ideas and lessons learned, written by people who make things.';
    const description = `${intent.appName}: a blog with posts stored in a SQLite database.`;
    const files: Record<string, string> = {
      'shipyard.json': manifestFile(intent, { api: true, database: true }),
      'index.html': indexHtml(intent, description),
      'src/main.tsx': mainTsx(),
      'src/App.tsx': appTsx([
        { path: 'index', component: 'HomePage', module: 'pages/HomePage' },
        { path: '/posts/:id', component: 'PostPage', module: 'pages/PostPage' },
        { path: '/manage', component: 'RecordsPage', module: 'pages/RecordsPage' },
        { path: '/manage/new', component: 'NewRecordPage', module: 'pages/NewRecordPage' },
        { path: '/manage/:id', component: 'RecordPage', module: 'pages/RecordPage' },
      ]),
      'src/config.ts': configTs(intent, tagline, [
        { to: '/', label: 'Posts' },
        { to: '/manage', label: 'Manage' },
        { to: '/manage/new', label: 'Write' },
      ]),
      'src/styles.css': baseCss(intent.primaryColor) + BLOG_CSS,
      'src/components/Layout.tsx': layoutTsx({ brandIcon: 'Feather', footerNote: 'Written with care, one post at a time.' }),
      'src/components/PostMeta.tsx': postMetaTsx(entity, roles),
      ...entityKitFiles(entity, '/manage'),
      'src/pages/HomePage.tsx': homePageTsx(entity, roles),
      'src/pages/PostPage.tsx': postPageTsx(entity, roles),
      'src/pages/NotFoundPage.tsx': notFoundPageTsx(),
      'api/index.ts': apiIndexTs(entity),
      'api/http.ts': API_HTTP_TS,
      'api/records.ts': API_RECORDS_TS,
      'api/fields.ts': apiFieldsTs(entity, orderBy),
      'db/schema.sql': entityTableSql(entity),
      'db/seed.sql': entitySeedSql(entity, rows),
    };
    const titles = rows.map((row) => String(row[roles.title]));
    return {
      template: 'blog',
      files,
      description: `a blog with a post list, post pages and a writing/editing area, backed by a posts API and a SQLite database seeded with ${rows.length} posts`,
      checks: [
        { path: '/', texts: [intent.appName, ...titles] },
        { path: '/manage', texts: [`All ${entity.labelPlural}`, ...titles] },
      ],
      dependencies: ['react', 'react-dom', 'react-router', 'lucide-react', 'clsx'],
    };
  },
};
