/** Pages the "add a … page" edit can create. Titles are ASCII words from sanitised prompt text. */
import { jsxText, tsQuote } from '../text';

export function extraPageTsx(slug: string, component: string, title: string): string {
  switch (slug) {
    case 'about':
    case 'about-us':
      return aboutPage(component);
    case 'contact':
    case 'contact-us':
      return contactPage(component);
    case 'faq':
    case 'help':
      return faqPage(component, title);
    case 'team':
      return teamPage(component);
    case 'privacy':
    case 'privacy-policy':
    case 'terms':
    case 'terms-of-service':
      return legalPage(component, title);
    default:
      return genericPage(component, title);
  }
}

function aboutPage(component: string): string {
  return `import { Heart, Sparkles, Users } from 'lucide-react';
import { APP_NAME } from '../config';

const VALUES = [
  { icon: Sparkles, title: 'Keep it simple', text: 'We build the smallest thing that solves the problem well, then make it better.' },
  { icon: Users, title: 'People first', text: 'Every decision starts with the people who use what we make.' },
  { icon: Heart, title: 'Care about the details', text: 'Small touches add up to something people love to use.' },
];

export function ${component}() {
  return (
    <section className="container page">
      <p className="eyebrow">About</p>
      <h1 className="page-title">About {APP_NAME}</h1>
      <p className="lead">
        {APP_NAME} started as a small side project to scratch our own itch. Today it helps people get more done
        with less fuss, and we are just getting started.
      </p>
      <div className="grid cols-3">
        {VALUES.map((value) => (
          <article key={value.title} className="card">
            <value.icon size={22} style={{ color: 'var(--primary)' }} />
            <h2 className="card-title" style={{ marginTop: 12 }}>
              {value.title}
            </h2>
            <p className="muted">{value.text}</p>
          </article>
        ))}
      </div>
    </section>
  );
}
`;
}

function contactPage(component: string): string {
  return `import { useState, type FormEvent } from 'react';
import { Mail, Send } from 'lucide-react';

const CONTACT_EMAIL = 'hello@example.com';

export function ${component}() {
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');

  // Opens the visitor's email app with the message filled in: no server or mail service needed.
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const subject = encodeURIComponent('Message from ' + (name || 'a visitor'));
    const body = encodeURIComponent(message);
    window.location.href = 'mailto:' + CONTACT_EMAIL + '?subject=' + subject + '&body=' + body;
  }

  return (
    <section className="container page narrow">
      <p className="eyebrow">Contact</p>
      <h1 className="page-title">Get in touch</h1>
      <p className="lead">
        Questions, ideas or feedback? Write to <a href={'mailto:' + CONTACT_EMAIL}>{CONTACT_EMAIL}</a> or use the form.
      </p>
      <form className="card form" onSubmit={handleSubmit}>
        <div className="field">
          <label className="field-label" htmlFor="contact-name">
            Your name
          </label>
          <input id="contact-name" className="input" value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="contact-message">
            Message
          </label>
          <textarea id="contact-message" className="textarea" required value={message} onChange={(event) => setMessage(event.target.value)} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            <Send size={16} /> Write email
          </button>
        </div>
        <p className="muted row">
          <Mail size={16} /> We usually answer within one working day.
        </p>
      </form>
    </section>
  );
}
`;
}

function faqPage(component: string, title: string): string {
  return `import { APP_NAME } from '../config';

const QUESTIONS = [
  { q: 'What is ' + APP_NAME + '?', a: 'A simple app that helps you stay on top of things, on any device.' },
  { q: 'Is my data safe?', a: 'Your data is stored in the app’s own database and is never shared.' },
  { q: 'Does it cost anything?', a: 'It is free to use while in beta.' },
  { q: 'How do I get help?', a: 'Write to hello@example.com and a real person will answer.' },
];

export function ${component}() {
  return (
    <section className="container page narrow">
      <p className="eyebrow">${jsxText(title)}</p>
      <h1 className="page-title">Frequently asked questions</h1>
      <div className="grid">
        {QUESTIONS.map((item) => (
          <details key={item.q} className="card">
            <summary style={{ fontWeight: 600, cursor: 'pointer' }}>{item.q}</summary>
            <p className="muted" style={{ marginTop: 10, marginBottom: 0 }}>
              {item.a}
            </p>
          </details>
        ))}
      </div>
    </section>
  );
}
`;
}

function teamPage(component: string): string {
  return `const TEAM = [
  { name: 'Maya Chen', role: 'Founder' },
  { name: 'Jonas Weber', role: 'Engineering' },
  { name: 'Priya Nair', role: 'Design' },
  { name: 'Leo Martins', role: 'Customer success' },
];

export function ${component}() {
  return (
    <section className="container page">
      <p className="eyebrow">Team</p>
      <h1 className="page-title">The people behind the product</h1>
      <div className="grid cols-4">
        {TEAM.map((person) => (
          <article key={person.name} className="card" style={{ textAlign: 'center' }}>
            <span className="brand-mark" style={{ width: 56, height: 56, margin: '0 auto 12px', borderRadius: '50%', fontWeight: 700 }}>
              {person.name.split(' ').map((part) => part.charAt(0)).join('')}
            </span>
            <h2 className="card-title">{person.name}</h2>
            <p className="muted">{person.role}</p>
          </article>
        ))}
      </div>
    </section>
  );
}
`;
}

function legalPage(component: string, title: string): string {
  return `import { APP_NAME } from '../config';

export function ${component}() {
  return (
    <section className="container page narrow">
      <p className="eyebrow">Legal</p>
      <h1 className="page-title">${jsxText(title)}</h1>
      <div className="card">
        <p>
          This page explains how {APP_NAME} handles ${title.toLowerCase().includes('privacy') ? 'your personal data' : 'the use of the service'}. Replace this text
          with your own before you launch: it is a placeholder, not legal advice.
        </p>
        <p className="muted">Last updated: {new Date().toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric' })}</p>
      </div>
    </section>
  );
}
`;
}

function genericPage(component: string, title: string): string {
  return `const TITLE = ${tsQuote(title)};

export function ${component}() {
  return (
    <section className="container page">
      <p className="eyebrow">{TITLE}</p>
      <h1 className="page-title">{TITLE}</h1>
      <p className="lead">This is the new {TITLE.toLowerCase()} page. Replace this text with what your visitors should know.</p>
      <div className="grid cols-3">
        {['First section', 'Second section', 'Third section'].map((heading) => (
          <article key={heading} className="card">
            <h2 className="card-title">{heading}</h2>
            <p className="muted">Add content here.</p>
          </article>
        ))}
      </div>
    </section>
  );
}
`;
}
