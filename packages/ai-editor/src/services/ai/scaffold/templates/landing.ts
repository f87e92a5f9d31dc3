import { type TScaffoldIntent } from '../intent';
import { appTsx, baseCss, configTs, indexHtml, layoutTsx, mainTsx, manifestFile, notFoundPageTsx } from './shared';
import { type TScaffoldApp, type TScaffoldTemplate } from './types';

const HEADLINE = 'Ship your next idea in days, not months';

const HOME_PAGE_TSX = `import { Link } from 'react-router';
import { ArrowRight, ChartLine, Layers, Quote, ShieldCheck, Sparkles, Users, Zap } from 'lucide-react';
import { APP_NAME, TAGLINE } from '../config';

const FEATURES = [
  { icon: Zap, title: 'Fast by default', text: 'Pages load in a blink on every device, so people stay instead of bouncing.' },
  { icon: ShieldCheck, title: 'Secure from day one', text: 'Encryption, backups and sensible defaults, without a security team.' },
  { icon: Users, title: 'Built for teams', text: 'Invite your team, share drafts and keep everyone on the same page.' },
  { icon: ChartLine, title: 'Clear insights', text: 'See what works at a glance and double down on it with confidence.' },
  { icon: Layers, title: 'Plays well with others', text: 'Connect the tools you already use in a couple of clicks.' },
  { icon: Sparkles, title: 'Delightful details', text: 'Thoughtful touches everywhere, because small things add up.' },
];

const STEPS = [
  { title: 'Sign up in a minute', text: 'No credit card, no sales call. Just your email.' },
  { title: 'Make it yours', text: 'Pick a starting point and shape it to fit the way you work.' },
  { title: 'Launch and grow', text: 'Go live with one click and watch the results roll in.' },
];

const TESTIMONIALS = [
  { quote: 'We replaced three tools with one and got our Mondays back.', name: 'Priya Nair', role: 'Head of Operations, Orbit' },
  { quote: 'The fastest setup I have seen. Our team was productive on day one.', name: 'Jonas Weber', role: 'CTO, Helix Labs' },
  { quote: 'Simple, beautiful and it just works. Exactly what we needed.', name: 'Maya Chen', role: 'Founder, Northwind Studio' },
];

export function HomePage() {
  return (
    <>
      <section className="landing-hero">
        <div className="container hero-grid">
          <div>
            <span className="pill">
              <Sparkles size={14} /> New: faster, simpler, better
            </span>
            <h1 className="display">{APP_NAME}</h1>
            <p className="hero-sub">${HEADLINE}</p>
            <p className="lead">{TAGLINE}</p>
            <div className="row">
              <Link to="/pricing" className="button large">
                Get started <ArrowRight size={18} />
              </Link>
              <Link to="/about" className="button large secondary">
                Learn more
              </Link>
            </div>
            <p className="muted small-print">Free for 14 days · No credit card required</p>
          </div>
          <div className="hero-visual" aria-hidden="true">
            <div className="mock-window">
              <div className="mock-bar">
                <span />
                <span />
                <span />
              </div>
              <div className="mock-body">
                <div className="mock-line wide" />
                <div className="mock-line" />
                <div className="mock-cards">
                  <div className="mock-card accent" />
                  <div className="mock-card" />
                  <div className="mock-card" />
                </div>
                <div className="mock-chart">
                  {[40, 64, 52, 78, 66, 90, 84].map((height, index) => (
                    <span key={index} style={{ height: height + '%' }} />
                  ))}
                </div>
              </div>
            </div>
          </div>
        </div>
      </section>

      <section className="container section">
        <div className="section-head">
          <p className="eyebrow">Features</p>
          <h2 className="section-title">Everything you need, nothing you don’t</h2>
          <p className="lead">A focused set of tools that cover the whole journey, from first idea to happy customers.</p>
        </div>
        <div className="grid cols-3">
          {FEATURES.map((feature) => (
            <article key={feature.title} className="card feature">
              <span className="feature-icon">
                <feature.icon size={20} />
              </span>
              <h3 className="card-title">{feature.title}</h3>
              <p className="muted">{feature.text}</p>
            </article>
          ))}
        </div>
      </section>

      <section className="section steps-band">
        <div className="container">
          <div className="section-head">
            <p className="eyebrow">How it works</p>
            <h2 className="section-title">Up and running in three steps</h2>
          </div>
          <ol className="steps">
            {STEPS.map((step, index) => (
              <li key={step.title} className="step">
                <span className="step-number">{index + 1}</span>
                <h3 className="card-title">{step.title}</h3>
                <p className="muted">{step.text}</p>
              </li>
            ))}
          </ol>
        </div>
      </section>

      <section className="container section">
        <div className="section-head">
          <p className="eyebrow">Loved by teams</p>
          <h2 className="section-title">People are talking</h2>
        </div>
        <div className="grid cols-3">
          {TESTIMONIALS.map((testimonial) => (
            <figure key={testimonial.name} className="card testimonial">
              <Quote size={22} className="quote-icon" />
              <blockquote>{testimonial.quote}</blockquote>
              <figcaption>
                <strong>{testimonial.name}</strong>
                <span className="muted">{testimonial.role}</span>
              </figcaption>
            </figure>
          ))}
        </div>
      </section>

      <section className="container section">
        <div className="cta">
          <h2>Ready to try {APP_NAME}?</h2>
          <p>Start free today. Upgrade when you are ready.</p>
          <Link to="/pricing" className="button large inverse">
            See pricing <ArrowRight size={18} />
          </Link>
        </div>
      </section>
    </>
  );
}
`;

const PRICING_PAGE_TSX = `import { Link } from 'react-router';
import { Check } from 'lucide-react';
import clsx from 'clsx';

interface Plan {
  name: string;
  price: number;
  blurb: string;
  features: string[];
  featured?: boolean;
}

const PLANS: Plan[] = [
  { name: 'Starter', price: 0, blurb: 'For trying things out.', features: ['1 project', 'Community support', 'Basic analytics'] },
  {
    name: 'Pro',
    price: 19,
    blurb: 'For growing teams.',
    features: ['Unlimited projects', 'Priority support', 'Advanced analytics', 'Custom domain'],
    featured: true,
  },
  { name: 'Business', price: 49, blurb: 'For companies at scale.', features: ['Everything in Pro', 'SSO and audit log', 'Dedicated manager', '99.9% uptime SLA'] },
];

const FAQ = [
  { q: 'Can I cancel any time?', a: 'Yes. Plans are month to month and you can cancel from your account page.' },
  { q: 'Is there a free trial?', a: 'Every paid plan starts with a 14-day free trial. No credit card needed.' },
  { q: 'Do you offer discounts?', a: 'Non-profits and students get 50% off. Get in touch and we will set it up.' },
];

export function PricingPage() {
  return (
    <section className="container page">
      <div className="section-head">
        <p className="eyebrow">Pricing</p>
        <h1 className="page-title">Simple pricing for everyone</h1>
        <p className="lead">Start free, upgrade when you grow. No hidden fees.</p>
      </div>
      <div className="grid cols-3 plans">
        {PLANS.map((plan) => (
          <article key={plan.name} className={clsx('card plan', plan.featured && 'featured')}>
            {plan.featured && <span className="badge accent plan-badge">Most popular</span>}
            <h2 className="card-title">{plan.name}</h2>
            <p className="muted">{plan.blurb}</p>
            <p className="price">
              <span className="amount">\${plan.price}</span>
              <span className="muted">/month</span>
            </p>
            <ul className="checklist">
              {plan.features.map((feature) => (
                <li key={feature}>
                  <Check size={16} /> {feature}
                </li>
              ))}
            </ul>
            <Link to="/about" className={clsx('button', !plan.featured && 'secondary')}>
              {plan.price === 0 ? 'Start for free' : 'Start free trial'}
            </Link>
          </article>
        ))}
      </div>
      <div className="faq">
        <h2 className="section-title">Questions and answers</h2>
        {FAQ.map((item) => (
          <details key={item.q} className="card faq-item">
            <summary>{item.q}</summary>
            <p className="muted">{item.a}</p>
          </details>
        ))}
      </div>
    </section>
  );
}
`;

const ABOUT_PAGE_TSX = `import { Mail, MapPin } from 'lucide-react';
import { APP_NAME } from '../config';

const TEAM = [
  { name: 'Maya Chen', role: 'Co-founder & CEO' },
  { name: 'Jonas Weber', role: 'Co-founder & CTO' },
  { name: 'Priya Nair', role: 'Head of Design' },
  { name: 'Leo Martins', role: 'Customer Success' },
];

function initials(name: string): string {
  return name
    .split(' ')
    .map((part) => part.charAt(0))
    .join('')
    .slice(0, 2);
}

export function AboutPage() {
  return (
    <section className="container page">
      <div className="section-head">
        <p className="eyebrow">About us</p>
        <h1 className="page-title">The people behind {APP_NAME}</h1>
        <p className="lead">
          We started {APP_NAME} because great ideas deserve great tools. Today we help thousands of teams
          turn plans into results, one small win at a time.
        </p>
      </div>
      <div className="grid cols-4">
        {TEAM.map((person) => (
          <div key={person.name} className="card person">
            <span className="avatar">{initials(person.name)}</span>
            <h3 className="card-title">{person.name}</h3>
            <p className="muted">{person.role}</p>
          </div>
        ))}
      </div>
      <div className="card contact-card">
        <div>
          <h2 className="card-title">Say hello</h2>
          <p className="muted">Questions, ideas or feedback? We read every message.</p>
        </div>
        <div className="contact-lines">
          <a href="mailto:hello@example.com" className="row">
            <Mail size={16} /> hello@example.com
          </a>
          <span className="row muted">
            <MapPin size={16} /> Lisbon · Remote-first
          </span>
        </div>
      </div>
    </section>
  );
}
`;

const LANDING_CSS = `
/* Landing */
.landing-hero {
  padding: 72px 0 64px;
  background:
    radial-gradient(800px 400px at 0% 0%, var(--primary-soft), transparent 65%),
    radial-gradient(600px 360px at 100% 20%, color-mix(in srgb, var(--primary) 8%, white), transparent 70%);
}

.hero-grid {
  display: grid;
  grid-template-columns: 1.1fr 1fr;
  gap: 48px;
  align-items: center;
}

.pill {
  display: inline-flex;
  align-items: center;
  gap: 6px;
  padding: 6px 12px;
  border-radius: 999px;
  background: var(--surface);
  border: 1px solid var(--border);
  color: var(--primary-strong);
  font-size: 0.85rem;
  font-weight: 600;
  box-shadow: var(--shadow-sm);
  margin-bottom: 20px;
}

.display {
  font-size: clamp(2.8rem, 6vw, 4.4rem);
  font-weight: 800;
  letter-spacing: -0.045em;
  line-height: 1.02;
  margin-bottom: 14px;
  background: linear-gradient(120deg, var(--text) 30%, var(--primary-strong));
  -webkit-background-clip: text;
  background-clip: text;
  color: transparent;
}

.hero-sub {
  font-size: clamp(1.3rem, 2.2vw, 1.6rem);
  font-weight: 650;
  letter-spacing: -0.02em;
  color: var(--text);
  margin-bottom: 12px;
}

.landing-hero .lead {
  max-width: 560px;
  margin-bottom: 28px;
}

.small-print {
  margin-top: 16px;
  font-size: 0.88rem;
}

.hero-visual {
  position: relative;
}

.hero-visual::before {
  content: '';
  position: absolute;
  inset: 10% -6% -8% 8%;
  border-radius: 32px;
  background: linear-gradient(135deg, var(--primary), var(--primary-muted));
  opacity: 0.22;
  filter: blur(40px);
}

.mock-window {
  position: relative;
  border-radius: 18px;
  background: var(--surface);
  border: 1px solid var(--border);
  box-shadow: var(--shadow-lg);
  overflow: hidden;
}

.mock-bar {
  display: flex;
  gap: 6px;
  padding: 12px 14px;
  border-bottom: 1px solid var(--border);
  background: var(--surface-2);
}

.mock-bar span {
  width: 10px;
  height: 10px;
  border-radius: 50%;
  background: #d6dae4;
}

.mock-body {
  padding: 22px;
  display: grid;
  gap: 14px;
}

.mock-line {
  height: 12px;
  width: 45%;
  border-radius: 6px;
  background: var(--surface-2);
}

.mock-line.wide {
  width: 70%;
  height: 16px;
  background: #e3e7f0;
}

.mock-cards {
  display: grid;
  grid-template-columns: repeat(3, 1fr);
  gap: 12px;
}

.mock-card {
  height: 64px;
  border-radius: 12px;
  background: var(--surface-2);
}

.mock-card.accent {
  background: linear-gradient(135deg, var(--primary), var(--primary-strong));
}

.mock-chart {
  display: flex;
  align-items: flex-end;
  gap: 10px;
  height: 120px;
  padding: 12px;
  border-radius: 12px;
  background: var(--surface-2);
}

.mock-chart span {
  flex: 1;
  border-radius: 6px 6px 2px 2px;
  background: linear-gradient(180deg, var(--primary), var(--primary-muted));
}

.section {
  padding-top: 72px;
}

.section-head {
  max-width: 680px;
  margin-bottom: 36px;
}

.section-title {
  font-size: clamp(1.6rem, 3vw, 2.2rem);
  font-weight: 750;
}

.feature .feature-icon {
  display: grid;
  place-items: center;
  width: 42px;
  height: 42px;
  border-radius: 12px;
  background: var(--primary-soft);
  color: var(--primary);
  margin-bottom: 16px;
}

.feature p {
  margin: 0;
}

.steps-band {
  margin-top: 72px;
  padding-bottom: 72px;
  background: var(--surface);
  border-top: 1px solid var(--border);
  border-bottom: 1px solid var(--border);
}

.steps {
  list-style: none;
  margin: 0;
  padding: 0;
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
  gap: 32px;
}

.step-number {
  display: grid;
  place-items: center;
  width: 36px;
  height: 36px;
  border-radius: 50%;
  background: var(--primary);
  color: #fff;
  font-weight: 700;
  margin-bottom: 14px;
}

.testimonial {
  margin: 0;
  display: flex;
  flex-direction: column;
  gap: 14px;
}

.testimonial .quote-icon {
  color: var(--primary);
}

.testimonial blockquote {
  margin: 0;
  font-size: 1.05rem;
  color: var(--text);
}

.testimonial figcaption {
  display: flex;
  flex-direction: column;
  font-size: 0.9rem;
}

.cta {
  border-radius: 24px;
  padding: 56px 32px;
  text-align: center;
  color: #fff;
  background:
    radial-gradient(600px 240px at 20% 0%, rgb(255 255 255 / 0.18), transparent 70%),
    linear-gradient(135deg, var(--primary), var(--primary-strong));
  box-shadow: var(--shadow-lg);
}

.cta h2 {
  color: #fff;
  font-size: clamp(1.6rem, 3vw, 2.2rem);
}

.cta p {
  opacity: 0.9;
  margin-bottom: 24px;
}

.button.inverse {
  background: #fff;
  color: var(--primary-strong);
}

.button.inverse:hover {
  background: #f3f4f6;
  color: var(--primary-strong);
}

/* Pricing */
.plans {
  align-items: stretch;
}

.plan {
  position: relative;
  display: flex;
  flex-direction: column;
  gap: 6px;
}

.plan.featured {
  border: 2px solid var(--primary);
  box-shadow: 0 20px 40px -24px var(--primary);
}

.plan-badge {
  position: absolute;
  top: -12px;
  right: 20px;
}

.price {
  display: flex;
  align-items: baseline;
  gap: 4px;
  margin: 10px 0 16px;
}

.price .amount {
  font-size: 2.6rem;
  font-weight: 800;
  letter-spacing: -0.04em;
}

.checklist {
  list-style: none;
  margin: 0 0 24px;
  padding: 0;
  display: grid;
  gap: 10px;
  flex: 1;
}

.checklist li {
  display: flex;
  align-items: center;
  gap: 10px;
  color: var(--text-2);
}

.checklist svg {
  color: var(--primary);
  flex: none;
}

.faq {
  max-width: 760px;
  margin-top: 64px;
  display: grid;
  gap: 12px;
}

.faq-item {
  padding: 18px 22px;
}

.faq-item summary {
  cursor: pointer;
  font-weight: 600;
}

.faq-item p {
  margin: 10px 0 0;
}

/* About */
.person {
  text-align: center;
}

.avatar {
  display: inline-grid;
  place-items: center;
  width: 64px;
  height: 64px;
  border-radius: 50%;
  margin-bottom: 14px;
  font-weight: 700;
  font-size: 1.2rem;
  color: #fff;
  background: linear-gradient(135deg, var(--primary), var(--primary-strong));
}

.contact-card {
  margin-top: 32px;
  display: flex;
  justify-content: space-between;
  align-items: center;
  gap: 24px;
  flex-wrap: wrap;
}

.contact-card p {
  margin: 0;
}

.contact-lines {
  display: grid;
  gap: 8px;
}

@media (max-width: 860px) {
  .hero-grid {
    grid-template-columns: 1fr;
  }
}
`;

export const landingTemplate: TScaffoldTemplate = {
  id: 'landing',
  title: 'landing page',
  render(intent: TScaffoldIntent): TScaffoldApp {
    const tagline = 'The calm, fast way to plan, build and launch, so your team can focus on the work that matters.';
    const files: Record<string, string> = {
      'shipyard.json': manifestFile(intent, { api: false, database: false }),
      'index.html': indexHtml(intent, `${intent.appName}: ${HEADLINE.toLowerCase()}.`),
      'src/main.tsx': mainTsx(),
      'src/App.tsx': appTsx([
        { path: 'index', component: 'HomePage', module: 'pages/HomePage' },
        { path: '/pricing', component: 'PricingPage', module: 'pages/PricingPage' },
        { path: '/about', component: 'AboutPage', module: 'pages/AboutPage' },
      ]),
      'src/config.ts': configTs(intent, tagline, [
        { to: '/', label: 'Home' },
        { to: '/pricing', label: 'Pricing' },
        { to: '/about', label: 'About' },
      ]),
      'src/styles.css': baseCss(intent.primaryColor) + LANDING_CSS,
      'src/components/Layout.tsx': layoutTsx({
        brandIcon: 'Rocket',
        actionImports: [],
        actions: '<Link to="/pricing" className="button small">Get started</Link>',
        footerNote: 'Made with care.',
      }),
      'src/pages/HomePage.tsx': HOME_PAGE_TSX,
      'src/pages/PricingPage.tsx': PRICING_PAGE_TSX,
      'src/pages/AboutPage.tsx': ABOUT_PAGE_TSX,
      'src/pages/NotFoundPage.tsx': notFoundPageTsx(),
    };
    return {
      template: 'landing',
      files,
      description: 'a three-page marketing site (home with features and testimonials, pricing with FAQ, about) with no backend',
      checks: [
        { path: '/', texts: [intent.appName, HEADLINE, 'Everything you need, nothing you don’t'] },
        { path: '/pricing', texts: ['Simple pricing for everyone', 'Most popular'] },
        { path: '/about', texts: [`The people behind ${intent.appName}`] },
      ],
      dependencies: ['react', 'react-dom', 'react-router', 'lucide-react', 'clsx'],
    };
  },
};
