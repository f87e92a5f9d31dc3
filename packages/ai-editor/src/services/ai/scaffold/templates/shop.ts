import { type TScaffoldEntity, type TScaffoldField } from '../entities';
import { type TScaffoldIntent } from '../intent';
import { seedRows, type TSeedRow } from '../seed-values';
import { sqlIdent, tsQuote } from '../text';
import {
  API_HTTP_TS,
  API_RECORDS_TS,
  apiFieldsTs,
  apiIndexTs,
  entitySeedSql,
  entityTableSql,
  seedInsertSql,
} from './api-kit';
import { clientApiTs, clientFieldsTs, FIELD_DISPLAY_TSX } from './entity-kit';
import { requireEntity } from './require-entity';
import { appTsx, baseCss, configTs, indexHtml, layoutTsx, mainTsx, manifestFile, notFoundPageTsx } from './shared';
import { type TScaffoldApp, type TScaffoldTemplate } from './types';

const PRODUCTS: { name: string; description: string; price: number; category: string }[] = [
  { name: 'Ceramic Pour-Over Set', description: 'A hand-glazed dripper and carafe for a slow, clean cup. Holds up to four cups and fits standard filters.', price: 38, category: 'Kitchen' },
  { name: 'Linen Tote Bag', description: 'Heavy washed linen with an inner pocket. Big enough for groceries, small enough for every day.', price: 24, category: 'Accessories' },
  { name: 'Hand-Poured Soy Candle', description: 'Cedar, fig and a hint of smoke. Burns clean for about 50 hours.', price: 18, category: 'Home' },
  { name: 'Organic Cotton Tee', description: 'A relaxed, heavyweight tee in organic cotton that gets softer with every wash.', price: 29, category: 'Apparel' },
  { name: 'Single-Origin Coffee Beans', description: 'Washed Ethiopian beans with notes of bergamot, peach and black tea. 250 g, whole bean.', price: 16.5, category: 'Kitchen' },
  { name: 'Walnut Desk Organizer', description: 'Solid walnut tray with slots for pens, cards and your phone. Oiled by hand.', price: 45, category: 'Home' },
  { name: 'Merino Wool Beanie', description: 'Fine merino rib knit that is warm, breathable and never itchy.', price: 32, category: 'Apparel' },
  { name: 'Recycled Notebook Set', description: 'Three A5 notebooks with dot-grid pages made from 100% recycled paper.', price: 12, category: 'Stationery' },
];

const ORDERS = [
  { customer: 'Ada Lovelace', email: 'ada.lovelace@example.com', status: 'Delivered', items: [[1, 1], [5, 2]] },
  { customer: 'Grace Hopper', email: 'grace.hopper@example.com', status: 'Shipped', items: [[4, 2], [7, 1]] },
  { customer: 'Alan Turing', email: 'alan.turing@example.com', status: 'Received', items: [[8, 3]] },
] as const;

type TShopRoles = { name: TScaffoldField; price: TScaffoldField; description?: TScaffoldField; category?: TScaffoldField; extras: string[] };

function shopRoles(entity: TScaffoldEntity): TShopRoles {
  const name = entity.fields.find((field) => field.key === entity.displayField);
  const price = entity.fields.find((field) => field.key === 'price') ?? entity.fields.find((field) => field.type === 'number');
  if (!name || !price) throw new Error('The shop template needs a name and a price field; extractIntent adds them.');
  const description = entity.fields.find((field) => field.type === 'longtext');
  const category = entity.fields.find((field) => field.type === 'text' && field.key !== name.key && ['category', 'type', 'collection', 'department'].includes(field.key));
  const used = new Set([name.key, price.key, description?.key, category?.key]);
  return {
    name,
    price,
    ...(description ? { description } : {}),
    ...(category ? { category } : {}),
    extras: entity.fields.filter((field) => !used.has(field.key)).map((field) => field.key),
  };
}

function cartTsx(): string {
  return `import { createContext, useContext, useEffect, useMemo, useReducer, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ShoppingCart } from 'lucide-react';
import { request } from './api';

/** One product in the cart. Prices here are for display; the server recomputes the total. */
export interface CartLine {
  productId: number;
  name: string;
  price: number;
  quantity: number;
}

type CartAction =
  | { type: 'add'; line: Omit<CartLine, 'quantity'>; quantity: number }
  | { type: 'set'; productId: number; quantity: number }
  | { type: 'clear' };

const STORAGE_KEY = 'shop-cart-v1';
const MAX_QUANTITY = 99;

function reducer(lines: CartLine[], action: CartAction): CartLine[] {
  switch (action.type) {
    case 'add': {
      const existing = lines.find((line) => line.productId === action.line.productId);
      if (existing) {
        return lines.map((line) =>
          line.productId === action.line.productId
            ? { ...line, quantity: Math.min(MAX_QUANTITY, line.quantity + action.quantity) }
            : line,
        );
      }
      return [...lines, { ...action.line, quantity: Math.min(MAX_QUANTITY, action.quantity) }];
    }
    case 'set':
      return action.quantity <= 0
        ? lines.filter((line) => line.productId !== action.productId)
        : lines.map((line) =>
            line.productId === action.productId ? { ...line, quantity: Math.min(MAX_QUANTITY, action.quantity) } : line,
          );
    case 'clear':
      return [];
  }
}

function isCartLine(value: unknown): value is CartLine {
  const line = value as CartLine;
  return (
    typeof line === 'object' &&
    line !== null &&
    Number.isInteger(line.productId) &&
    typeof line.name === 'string' &&
    typeof line.price === 'number' &&
    Number.isInteger(line.quantity)
  );
}

/** The saved cart, if the browser allows storage (a sandboxed preview may not). */
function loadCart(): CartLine[] {
  try {
    const saved: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(saved) ? saved.filter(isCartLine) : [];
  } catch {
    return [];
  }
}

interface CartContextValue {
  lines: CartLine[];
  count: number;
  subtotal: number;
  add: (line: Omit<CartLine, 'quantity'>, quantity?: number) => void;
  setQuantity: (productId: number, quantity: number) => void;
  clear: () => void;
}

const CartContext = createContext<CartContextValue | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const [lines, dispatch] = useReducer(reducer, [], loadCart);

  useEffect(() => {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(lines));
    } catch {
      // Storage is unavailable (private mode, sandboxed preview): the cart lives in memory.
    }
  }, [lines]);

  const value = useMemo<CartContextValue>(
    () => ({
      lines,
      count: lines.reduce((total, line) => total + line.quantity, 0),
      subtotal: Math.round(lines.reduce((total, line) => total + line.price * line.quantity, 0) * 100) / 100,
      add: (line, quantity = 1) => dispatch({ type: 'add', line, quantity }),
      setQuantity: (productId, quantity) => dispatch({ type: 'set', productId, quantity }),
      clear: () => dispatch({ type: 'clear' }),
    }),
    [lines],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartContextValue {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart() must be used inside <CartProvider>.');
  return value;
}

export function CartLink() {
  const { count } = useCart();
  return (
    <Link to="/cart" className="cart-link" aria-label={'Cart, ' + count + ' items'}>
      <ShoppingCart size={18} />
      <span>Cart</span>
      {count > 0 && <span className="cart-count">{count}</span>}
    </Link>
  );
}

export function formatMoney(value: number): string {
  return value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
}

export interface OrderItem {
  productId: number;
  name: string;
  unitPrice: number;
  quantity: number;
}

export interface OrderSummary {
  id: number;
  customerName: string;
  email: string;
  total: number;
  status: string;
  itemCount: number;
  createdAt: string;
}

export interface Order extends OrderSummary {
  items: OrderItem[];
}

export interface CheckoutInput {
  customerName: string;
  email: string;
  items: { productId: number; quantity: number }[];
}

export const orders = {
  list: () => request<{ items: OrderSummary[] }>('/api/orders'),
  get: (id: number) => request<Order>('/api/orders/' + id),
  place: (input: CheckoutInput) => request<Order>('/api/orders', { method: 'POST', body: JSON.stringify(input) }),
};
`;
}

const PRODUCT_TILE_TSX = `import { Backpack, Coffee, Flame, Gem, Gift, Headphones, Lamp, Leaf, NotebookPen, Shirt, ShoppingBag, Watch } from 'lucide-react';
import clsx from 'clsx';

const PALETTE: [string, string][] = [
  ['#fef3c7', '#f59e0b'],
  ['#dbeafe', '#3b82f6'],
  ['#dcfce7', '#22c55e'],
  ['#fce7f3', '#ec4899'],
  ['#ede9fe', '#8b5cf6'],
  ['#ffedd5', '#f97316'],
  ['#cffafe', '#06b6d4'],
  ['#f1f5f9', '#64748b'],
];

const ICONS = [
  { match: /candle/, icon: Flame },
  { match: /coffee|\\btea\\b|mug|kitchen|pour-over|\\bcups?\\b/, icon: Coffee },
  { match: /shirt|\\btees?\\b|apparel|hoodie|beanie|\\bhats?\\b|\\bsocks?\\b|cloth/, icon: Shirt },
  { match: /lamp|home|decor|desk|furniture/, icon: Lamp },
  { match: /backpack/, icon: Backpack },
  { match: /bag|tote|accessor/, icon: ShoppingBag },
  { match: /notebook|stationery|pen|paper|journal/, icon: NotebookPen },
  { match: /plant|garden|leaf|flower|seed/, icon: Leaf },
  { match: /jewel|ring|necklace|gem|earring/, icon: Gem },
  { match: /watch|clock/, icon: Watch },
  { match: /headphone|audio|speaker|music/, icon: Headphones },
];

/** A product picture without an image file: a soft gradient and an icon that fits the product. */
export function ProductTile({ id, label, large = false }: { id: number; label: string; large?: boolean }) {
  const text = label.toLowerCase();
  const Icon = ICONS.find((entry) => entry.match.test(text))?.icon ?? Gift;
  const [soft, strong] = PALETTE[Math.abs(id) % PALETTE.length] ?? ['#f1f5f9', '#64748b'];
  return (
    <div
      className={clsx('product-tile', large && 'large')}
      style={{ background: 'linear-gradient(140deg, ' + soft + ', #ffffff 90%)', color: strong }}
      aria-hidden="true"
    >
      <Icon size={large ? 96 : 56} strokeWidth={1.4} />
    </div>
  );
}
`;

function shopPageTsx(entity: TScaffoldEntity, roles: TShopRoles): string {
  const category = roles.category?.key;
  const label = category ? `product.${roles.name.key} + ' ' + (product.${category} ?? '')` : `product.${roles.name.key}`;
  return `import { useState } from 'react';
import { Link } from 'react-router';
import { Plus, RotateCcw, ShieldCheck, Truck } from 'lucide-react';
import clsx from 'clsx';
import { records, useResource } from '../api';
import { formatMoney, useCart } from '../cart';
import { ProductTile } from '../components/ProductTile';
import { APP_NAME, TAGLINE } from '../config';

export function HomePage() {
  const { data, error, loading, reload } = useResource(() => records.list(), []);
  const { add } = useCart();
  const [category, setCategory] = useState('All');
  const products = data?.items ?? [];
${
  category
    ? `  const categories = ['All', ...new Set(products.map((product) => product.${category}).filter((value): value is string => Boolean(value)))];
  const visible = category === 'All' ? products : products.filter((product) => product.${category} === category);`
    : `  const categories: string[] = [];
  const visible = products;`
}

  return (
    <>
      <section className="shop-hero">
        <div className="container">
          <p className="eyebrow">New season</p>
          <h1 className="hero-title">{APP_NAME}</h1>
          <p className="lead">{TAGLINE}</p>
          <ul className="perks">
            <li>
              <Truck size={16} /> Free shipping over $50
            </li>
            <li>
              <RotateCcw size={16} /> 30-day returns
            </li>
            <li>
              <ShieldCheck size={16} /> Secure checkout
            </li>
          </ul>
        </div>
      </section>

      <section className="container">
        {categories.length > 2 && (
          <div className="chips" role="tablist" aria-label="Categories">
            {categories.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                aria-selected={name === category}
                className={clsx('chip', name === category && 'is-active')}
                onClick={() => setCategory(name)}
              >
                {name}
              </button>
            ))}
          </div>
        )}

        {error && (
          <div className="alert" role="alert">
            <span>{error}</span>
            <button type="button" className="button small secondary" onClick={reload}>
              Try again
            </button>
          </div>
        )}

        {loading && !data && <div className="skeleton" />}

        {data && visible.length === 0 && (
          <div className="card empty">
            <h3>No products yet</h3>
            <p>Products added through the API show up here.</p>
          </div>
        )}

        <div className="product-grid">
          {visible.map((product) => (
            <article key={product.id} className="product-card">
              <Link to={'/products/' + product.id}>
                <ProductTile id={product.id} label={${label}} />
              </Link>
              <div className="product-info">
                <div>
                  <Link to={'/products/' + product.id} className="product-name">
                    {product.${roles.name.key}}
                  </Link>
${category ? `                  {product.${category} && <p className="product-category">{product.${category}}</p>}\n` : ''}                </div>
                <span className="product-price">{formatMoney(Number(product.${roles.price.key} ?? 0))}</span>
              </div>
              <button
                type="button"
                className="button secondary add-button"
                onClick={() => add({ productId: product.id, name: String(product.${roles.name.key}), price: Number(product.${roles.price.key} ?? 0) })}
              >
                <Plus size={16} /> Add to cart
              </button>
            </article>
          ))}
        </div>
      </section>
    </>
  );
}
`;
}

function productPageTsx(entity: TScaffoldEntity, roles: TShopRoles): string {
  const category = roles.category?.key;
  const label = category ? `product.${roles.name.key} + ' ' + (product.${category} ?? '')` : `product.${roles.name.key}`;
  return `import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ArrowLeft, Check, Minus, Plus, ShoppingCart } from 'lucide-react';
import { records, useResource } from '../api';
import { formatMoney, useCart } from '../cart';
import { FieldDisplay } from '../components/FieldDisplay';
import { ProductTile } from '../components/ProductTile';
import { FIELDS } from '../fields';

/** Fields shown as product details besides the name, price, description and category. */
const EXTRA_KEYS: string[] = ${JSON.stringify(roles.extras)};
const EXTRA_FIELDS = FIELDS.filter((field) => EXTRA_KEYS.includes(field.key));

export function ProductPage() {
  const { id = '' } = useParams();
  const productId = Number(id);
  const { data: product, error, loading } = useResource(() => records.get(productId), [productId]);
  const { add } = useCart();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);

  return (
    <section className="container page">
      <Link to="/" className="back-link">
        <ArrowLeft size={16} /> All products
      </Link>
      {loading && !product && <div className="skeleton" />}
      {error && !product && (
        <div className="card empty">
          <h3>This product could not be loaded</h3>
          <p>{error}</p>
        </div>
      )}
      {product && (
        <div className="product-detail">
          <ProductTile id={product.id} label={${label}} large />
          <div className="product-summary">
${category ? `            {product.${category} && <p className="eyebrow">{product.${category}}</p>}\n` : ''}            <h1 className="page-title">{product.${roles.name.key}}</h1>
            <p className="detail-price">{formatMoney(Number(product.${roles.price.key} ?? 0))}</p>
${roles.description ? `            {product.${roles.description.key} && <p className="lead">{product.${roles.description.key}}</p>}\n` : ''}            {EXTRA_FIELDS.length > 0 && (
              <dl className="details">
                {EXTRA_FIELDS.map((field) => (
                  <div key={field.key} style={{ display: 'contents' }}>
                    <dt>{field.label}</dt>
                    <dd>
                      <FieldDisplay field={field} value={product[field.key]} />
                    </dd>
                  </div>
                ))}
              </dl>
            )}
            <div className="buy-row">
              <div className="stepper" aria-label="Quantity">
                <button type="button" onClick={() => setQuantity((value) => Math.max(1, value - 1))} aria-label="One fewer">
                  <Minus size={16} />
                </button>
                <span>{quantity}</span>
                <button type="button" onClick={() => setQuantity((value) => Math.min(99, value + 1))} aria-label="One more">
                  <Plus size={16} />
                </button>
              </div>
              <button
                type="button"
                className="button large"
                onClick={() => {
                  add({ productId: product.id, name: String(product.${roles.name.key}), price: Number(product.${roles.price.key} ?? 0) }, quantity);
                  setAdded(true);
                }}
              >
                {added ? <Check size={18} /> : <ShoppingCart size={18} />} {added ? 'Added to cart' : 'Add to cart'}
              </button>
            </div>
            {added && (
              <Link to="/cart" className="button ghost">
                Go to cart
              </Link>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
`;
}

const CART_PAGE_TSX = `import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { LoaderCircle, Minus, Plus, Trash2 } from 'lucide-react';
import { ApiError } from '../api';
import { formatMoney, orders, useCart } from '../cart';
import { ProductTile } from '../components/ProductTile';

export function CartPage() {
  const { lines, subtotal, setQuantity, clear } = useCart();
  const navigate = useNavigate();
  const [customerName, setCustomerName] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);

  async function checkout(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPlacing(true);
    setErrors({});
    setFormError(null);
    try {
      const order = await orders.place({
        customerName,
        email,
        items: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
      });
      clear();
      navigate('/orders?placed=' + order.id);
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fields);
      setFormError(error instanceof Error ? error.message : 'The order could not be placed. Try again.');
    } finally {
      setPlacing(false);
    }
  }

  if (lines.length === 0) {
    return (
      <section className="container page narrow center">
        <p className="eyebrow">Cart</p>
        <h1 className="page-title">Your cart is empty</h1>
        <p className="muted">Find something you love and it will wait for you here.</p>
        <Link to="/" className="button">
          Browse products
        </Link>
      </section>
    );
  }

  return (
    <section className="container page">
      <div className="page-header">
        <div>
          <p className="eyebrow">Cart</p>
          <h1 className="page-title">Your cart</h1>
        </div>
      </div>
      <div className="cart-layout">
        <div className="card cart-lines">
          {lines.map((line) => (
            <div key={line.productId} className="cart-line">
              <ProductTile id={line.productId} label={line.name} />
              <div className="cart-line-info">
                <Link to={'/products/' + line.productId} className="product-name">
                  {line.name}
                </Link>
                <span className="muted">{formatMoney(line.price)} each</span>
              </div>
              <div className="stepper small">
                <button type="button" onClick={() => setQuantity(line.productId, line.quantity - 1)} aria-label="One fewer">
                  <Minus size={14} />
                </button>
                <span>{line.quantity}</span>
                <button type="button" onClick={() => setQuantity(line.productId, line.quantity + 1)} aria-label="One more">
                  <Plus size={14} />
                </button>
              </div>
              <span className="line-total">{formatMoney(line.price * line.quantity)}</span>
              <button type="button" className="button ghost small" onClick={() => setQuantity(line.productId, 0)} aria-label={'Remove ' + line.name}>
                <Trash2 size={16} />
              </button>
            </div>
          ))}
        </div>

        <form className="card form checkout" onSubmit={checkout} noValidate>
          <h2 className="card-title">Checkout</h2>
          {formError && (
            <div className="alert" role="alert">
              {formError}
            </div>
          )}
          <div className="field">
            <label className="field-label" htmlFor="customerName">
              Full name
            </label>
            <input id="customerName" className="input" value={customerName} onChange={(event) => setCustomerName(event.target.value)} autoComplete="name" aria-invalid={errors.customerName ? true : undefined} />
            {errors.customerName && <span className="field-error">{errors.customerName}</span>}
          </div>
          <div className="field">
            <label className="field-label" htmlFor="email">
              Email
            </label>
            <input id="email" className="input" type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="email" aria-invalid={errors.email ? true : undefined} />
            {errors.email && <span className="field-error">{errors.email}</span>}
          </div>
          <div className="totals">
            <span>Subtotal</span>
            <strong>{formatMoney(subtotal)}</strong>
          </div>
          <p className="muted small-note">Shipping and taxes are calculated when the order is confirmed.</p>
          <button type="submit" className="button large" disabled={placing}>
            {placing && <LoaderCircle size={18} className="spin" />} Place order
          </button>
        </form>
      </div>
    </section>
  );
}
`;

const ORDERS_PAGE_TSX = `import { useSearchParams } from 'react-router';
import { CircleCheck, Package } from 'lucide-react';
import { useResource } from '../api';
import { formatMoney, orders } from '../cart';
import { formatDate } from '../components/FieldDisplay';

export function OrdersPage() {
  const [params] = useSearchParams();
  const placed = Number(params.get('placed') ?? 0);
  const { data, error, reload } = useResource(() => orders.list(), []);

  return (
    <section className="container page">
      {placed > 0 && (
        <div className="success-banner" role="status">
          <CircleCheck size={20} /> Thank you! Order #{placed} is confirmed. A receipt is on its way to your inbox.
        </div>
      )}
      <div className="page-header">
        <div>
          <p className="eyebrow">Orders</p>
          <h1 className="page-title">Recent orders</h1>
          <p className="muted">Every order placed in the shop, newest first.</p>
        </div>
      </div>
      {error && (
        <div className="alert" role="alert">
          <span>{error}</span>
          <button type="button" className="button small secondary" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      <div className="card table-card">
        {data && data.items.length === 0 ? (
          <div className="empty">
            <Package size={28} />
            <h3>No orders yet</h3>
          </div>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>Order</th>
                  <th>Customer</th>
                  <th>Date</th>
                  <th>Status</th>
                  <th className="numeric">Items</th>
                  <th className="numeric">Total</th>
                </tr>
              </thead>
              <tbody>
                {data?.items.map((order) => (
                  <tr key={order.id} className={order.id === placed ? 'highlight' : undefined}>
                    <td className="primary-cell">#{order.id}</td>
                    <td>
                      <strong>{order.customerName}</strong>
                      <div className="muted">{order.email}</div>
                    </td>
                    <td>{formatDate(order.createdAt.slice(0, 10))}</td>
                    <td>
                      <span className={'badge status-' + order.status.toLowerCase()}>{order.status}</span>
                    </td>
                    <td className="numeric">{order.itemCount}</td>
                    <td className="numeric">{formatMoney(order.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
`;

function ordersApiTs(entity: TScaffoldEntity, roles: TShopRoles): string {
  return String.raw`import { HttpError, json, methodNotAllowed, parseId, readJsonObject } from './http';
import { type D1Database } from './records';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PRODUCTS = ` + tsQuote(sqlIdent(entity.table)) + String.raw`;
const PRODUCT_NAME = ` + tsQuote(sqlIdent(roles.name.column)) + String.raw`;
const PRODUCT_PRICE = ` + tsQuote(sqlIdent(roles.price.column)) + String.raw`;

interface OrderRow {
  id: number;
  customer_name: string;
  email: string;
  total: number;
  status: string;
  created_at: string;
  item_count?: number;
}

interface ItemRow {
  product_id: number;
  product_name: string;
  unit_price: number;
  quantity: number;
}

interface CheckoutInput {
  customerName: string;
  email: string;
  items: { productId: number; quantity: number }[];
}

function toOrder(row: OrderRow) {
  return {
    id: Number(row.id),
    customerName: String(row.customer_name),
    email: String(row.email),
    total: Number(row.total),
    status: String(row.status),
    itemCount: Number(row.item_count ?? 0),
    createdAt: String(row.created_at),
  };
}

function toItem(row: ItemRow) {
  return {
    productId: Number(row.product_id),
    name: String(row.product_name),
    unitPrice: Number(row.unit_price),
    quantity: Number(row.quantity),
  };
}

/** Checks a checkout body; a 400 names every problem. */
function parseCheckout(body: Record<string, unknown>): CheckoutInput {
  const errors: Record<string, string> = {};
  const customerName = typeof body.customerName === 'string' ? body.customerName.trim() : '';
  const email = typeof body.email === 'string' ? body.email.trim() : '';
  if (!customerName) errors.customerName = 'Enter your name.';
  else if (customerName.length > 100) errors.customerName = 'Names can be at most 100 characters.';
  if (!EMAIL.test(email) || email.length > 254) errors.email = 'Enter a valid email address, like name@example.com.';

  const quantities = new Map<number, number>();
  if (!Array.isArray(body.items) || body.items.length === 0) {
    errors.items = 'Your cart is empty. Add a product first.';
  } else if (body.items.length > 50) {
    errors.items = 'An order can hold at most 50 different products.';
  } else {
    for (const raw of body.items as unknown[]) {
      const item = raw as { productId?: unknown; quantity?: unknown };
      const productId = Number(item?.productId);
      const quantity = Number(item?.quantity);
      if (!Number.isSafeInteger(productId) || productId <= 0 || !Number.isInteger(quantity) || quantity < 1 || quantity > 99) {
        errors.items = 'Each item needs a productId and a quantity from 1 to 99.';
        break;
      }
      quantities.set(productId, Math.min(99, (quantities.get(productId) ?? 0) + quantity));
    }
  }
  const invalid = Object.keys(errors);
  if (invalid.length > 0) {
    throw new HttpError(400, invalid.length === 1 ? (errors[invalid[0] as string] as string) : 'Some details need attention: ' + invalid.join(', ') + '.', errors);
  }
  return { customerName, email, items: [...quantities].map(([productId, quantity]) => ({ productId, quantity })) };
}

async function listOrders(db: D1Database) {
  const rows = await db
    .prepare(
      'SELECT o.*, COALESCE(SUM(i."quantity"), 0) AS item_count FROM "orders" o LEFT JOIN "order_items" i ON i."order_id" = o."id" GROUP BY o."id" ORDER BY o."id" DESC LIMIT 100',
    )
    .all<OrderRow>();
  return rows.results.map(toOrder);
}

async function getOrder(db: D1Database, id: number) {
  const order = await db.prepare('SELECT * FROM "orders" WHERE "id" = ?').bind(id).first<OrderRow>();
  if (!order) throw new HttpError(404, 'No order with id ' + id + '.');
  const items = await db
    .prepare('SELECT * FROM "order_items" WHERE "order_id" = ? ORDER BY "id"')
    .bind(id)
    .all<ItemRow>();
  const lines = items.results.map(toItem);
  return { ...toOrder(order), itemCount: lines.reduce((total, line) => total + line.quantity, 0), items: lines };
}

/** Prices come from the database, never from the cart: the server computes the total. */
async function placeOrder(db: D1Database, body: Record<string, unknown>) {
  const input = parseCheckout(body);
  const ids = input.items.map((item) => item.productId);
  const products = await db
    .prepare('SELECT "id", ' + PRODUCT_NAME + ' AS name, ' + PRODUCT_PRICE + ' AS price FROM ' + PRODUCTS + ' WHERE "id" IN (' + ids.map(() => '?').join(', ') + ')')
    .bind(...ids)
    .all<{ id: number; name: string; price: number | null }>();
  const byId = new Map(products.results.map((product) => [Number(product.id), product]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new HttpError(400, 'Some products are no longer available (ids ' + missing.join(', ') + '). Remove them from your cart and try again.', {
      items: 'Unknown product ids: ' + missing.join(', ') + '.',
    });
  }
  const lines: ItemRow[] = [];
  for (const item of input.items) {
    const product = byId.get(item.productId);
    if (!product) continue;
    lines.push({ product_id: item.productId, product_name: String(product.name), unit_price: Number(product.price ?? 0), quantity: item.quantity });
  }
  const total = Math.round(lines.reduce((sum, line) => sum + line.unit_price * line.quantity, 0) * 100) / 100;

  // One batch = one transaction: the order and its items are saved together or not at all.
  const results = await db.batch<OrderRow>([
    db
      .prepare('INSERT INTO "orders" ("customer_name", "email", "total", "status") VALUES (?, ?, ?, ?) RETURNING *')
      .bind(input.customerName, input.email, total, 'Received'),
    ...lines.map((line) =>
      db
        .prepare(
          'INSERT INTO "order_items" ("order_id", "product_id", "product_name", "unit_price", "quantity") VALUES ((SELECT MAX("id") FROM "orders"), ?, ?, ?, ?)',
        )
        .bind(line.product_id, line.product_name, line.unit_price, line.quantity),
    ),
  ]);
  const order = results[0]?.results[0];
  if (!order) throw new HttpError(500, 'The order was not saved. Try again.');
  return { ...toOrder(order), itemCount: lines.reduce((sum, line) => sum + line.quantity, 0), items: lines.map(toItem) };
}

/** Order routes: GET/POST /api/orders, GET /api/orders/:id. Returns null for other paths. */
export async function handleOrders(request: Request, db: D1Database): Promise<Response | null> {
  const path = new URL(request.url).pathname.replace(/\/+$/, '');
  if (path === '/api/orders') {
    if (request.method === 'GET') return json({ items: await listOrders(db) });
    if (request.method === 'POST') return json(await placeOrder(db, await readJsonObject(request)), 201);
    return methodNotAllowed(['GET', 'POST']);
  }
  if (!path.startsWith('/api/orders/')) return null;
  const rest = path.slice('/api/orders/'.length);
  if (rest.includes('/')) return null;
  if (request.method !== 'GET') return methodNotAllowed(['GET']);
  return json(await getOrder(db, parseId(rest)));
}
`;
}

const ORDERS_SCHEMA_SQL = `
-- Orders placed at checkout. Totals are computed by the API from product prices.
CREATE TABLE IF NOT EXISTS "orders" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "customer_name" TEXT NOT NULL,
  "email" TEXT NOT NULL,
  "total" REAL NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'Received',
  "created_at" TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE IF NOT EXISTS "order_items" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "order_id" INTEGER NOT NULL REFERENCES "orders" ("id") ON DELETE CASCADE,
  "product_id" INTEGER NOT NULL,
  "product_name" TEXT NOT NULL,
  "unit_price" REAL NOT NULL,
  "quantity" INTEGER NOT NULL CHECK ("quantity" BETWEEN 1 AND 99)
);

CREATE INDEX IF NOT EXISTS "order_items_order_id_idx" ON "order_items" ("order_id");
`;

const SHOP_CSS = `
/* Shop */
.shop-hero {
  padding: 56px 0 36px;
  background:
    radial-gradient(700px 300px at 10% 0%, var(--primary-soft), transparent 70%),
    radial-gradient(600px 280px at 90% 10%, #fff7ed, transparent 70%);
  border-bottom: 1px solid var(--border);
  margin-bottom: 28px;
}

.hero-title {
  font-size: clamp(2.3rem, 5vw, 3.4rem);
  font-weight: 800;
  letter-spacing: -0.04em;
  margin-bottom: 10px;
}

.shop-hero .lead {
  max-width: 560px;
}

.perks {
  list-style: none;
  display: flex;
  flex-wrap: wrap;
  gap: 10px 22px;
  padding: 0;
  margin: 18px 0 0;
  color: var(--text-2);
  font-size: 0.92rem;
}

.perks li {
  display: inline-flex;
  align-items: center;
  gap: 8px;
}

.perks svg {
  color: var(--primary);
}

.chips {
  display: flex;
  flex-wrap: wrap;
  gap: 8px;
  margin-bottom: 24px;
}

.chip {
  height: 36px;
  padding: 0 16px;
  border-radius: 999px;
  border: 1px solid var(--border);
  background: var(--surface);
  color: var(--text-2);
  font: inherit;
  font-size: 0.9rem;
  font-weight: 500;
  cursor: pointer;
}

.chip:hover {
  border-color: var(--primary-muted);
}

.chip.is-active {
  background: var(--text);
  border-color: var(--text);
  color: #fff;
}

.product-grid {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(240px, 1fr));
  gap: 22px;
}

.product-card {
  display: flex;
  flex-direction: column;
  gap: 14px;
  padding: 14px;
  border-radius: 18px;
  background: var(--surface);
  border: 1px solid var(--border);
  box-shadow: var(--shadow-sm);
  transition: box-shadow 0.15s ease, transform 0.15s ease;
}

.product-card:hover {
  box-shadow: var(--shadow);
  transform: translateY(-2px);
}

.product-tile {
  display: grid;
  place-items: center;
  aspect-ratio: 4 / 3;
  border-radius: 12px;
}

.product-tile.large {
  aspect-ratio: 1 / 1;
  border-radius: 24px;
}

.product-info {
  display: flex;
  justify-content: space-between;
  align-items: flex-start;
  gap: 12px;
  padding: 0 4px;
}

.product-name {
  font-weight: 650;
  color: var(--text);
}

.product-name:hover {
  color: var(--primary);
}

.product-category {
  margin: 2px 0 0;
  font-size: 0.85rem;
  color: var(--muted);
}

.product-price {
  font-weight: 700;
  font-variant-numeric: tabular-nums;
}

.add-button {
  width: 100%;
  margin-top: auto;
}

.cart-link {
  position: relative;
  display: inline-flex;
  align-items: center;
  gap: 8px;
  height: 38px;
  padding: 0 14px;
  border-radius: 999px;
  border: 1px solid var(--border);
  color: var(--text);
  font-weight: 600;
  font-size: 0.92rem;
  background: var(--surface);
}

.cart-link:hover {
  color: var(--text);
  border-color: var(--primary-muted);
}

.cart-count {
  display: grid;
  place-items: center;
  min-width: 22px;
  height: 22px;
  padding: 0 6px;
  border-radius: 999px;
  background: var(--primary);
  color: #fff;
  font-size: 0.78rem;
}

.product-detail {
  display: grid;
  grid-template-columns: minmax(280px, 1fr) 1fr;
  gap: 48px;
  align-items: start;
}

.product-summary .details {
  margin-bottom: 24px;
}

.detail-price {
  font-size: 1.6rem;
  font-weight: 750;
  margin-bottom: 16px;
}

.buy-row {
  display: flex;
  gap: 14px;
  align-items: center;
  flex-wrap: wrap;
  margin-bottom: 10px;
}

.stepper {
  display: inline-flex;
  align-items: center;
  gap: 4px;
  height: 48px;
  padding: 0 6px;
  border: 1px solid var(--border);
  border-radius: 12px;
  background: var(--surface);
}

.stepper.small {
  height: 36px;
  border-radius: 10px;
}

.stepper button {
  display: grid;
  place-items: center;
  width: 32px;
  height: 32px;
  border: none;
  border-radius: 8px;
  background: transparent;
  color: var(--text-2);
  cursor: pointer;
}

.stepper.small button {
  width: 26px;
  height: 26px;
}

.stepper button:hover {
  background: var(--surface-2);
}

.stepper span {
  min-width: 28px;
  text-align: center;
  font-weight: 650;
  font-variant-numeric: tabular-nums;
}

.cart-layout {
  display: grid;
  grid-template-columns: 1fr 360px;
  gap: 24px;
  align-items: start;
}

.cart-lines {
  padding: 8px 20px;
}

.cart-line {
  display: grid;
  grid-template-columns: 72px 1fr auto auto auto;
  align-items: center;
  gap: 16px;
  padding: 14px 0;
}

.cart-line + .cart-line {
  border-top: 1px solid var(--border);
}

.cart-line .product-tile {
  border-radius: 10px;
}

.cart-line .product-tile svg {
  width: 28px;
  height: 28px;
}

.cart-line-info {
  display: flex;
  flex-direction: column;
  font-size: 0.92rem;
}

.line-total {
  font-weight: 650;
  font-variant-numeric: tabular-nums;
  min-width: 80px;
  text-align: right;
}

.checkout {
  position: sticky;
  top: 88px;
}

.totals {
  display: flex;
  justify-content: space-between;
  padding-top: 14px;
  border-top: 1px solid var(--border);
  font-size: 1.05rem;
}

.small-note {
  font-size: 0.85rem;
  margin: 0;
}

.success-banner {
  display: flex;
  align-items: center;
  gap: 10px;
  padding: 14px 18px;
  margin-bottom: 24px;
  border-radius: 12px;
  background: var(--success-soft);
  color: #166534;
  border: 1px solid #bbf7d0;
  font-weight: 500;
}

.table tr.highlight td {
  background: var(--success-soft);
}

.badge.status-delivered {
  background: var(--success-soft);
  color: var(--success);
}

.badge.status-shipped {
  background: var(--primary-soft);
  color: var(--primary-strong);
}

.badge.status-received {
  background: #fff7ed;
  color: #c2410c;
}

@media (max-width: 860px) {
  .product-detail,
  .cart-layout {
    grid-template-columns: 1fr;
  }
}

@media (max-width: 560px) {
  .product-grid {
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 12px;
  }

  .product-card {
    padding: 10px;
    gap: 10px;
  }

  .product-info {
    flex-direction: column;
    gap: 4px;
  }

  .product-tile svg {
    width: 40px;
    height: 40px;
  }

  .add-button {
    height: 36px;
    font-size: 0.85rem;
  }

  .cart-line {
    grid-template-columns: 56px 1fr auto;
  }
}
`;

export const shopTemplate: TScaffoldTemplate = {
  id: 'shop',
  title: 'online shop',
  render(intent: TScaffoldIntent): TScaffoldApp {
    const entity = requireEntity(intent);
    const roles = shopRoles(entity);
    const fixed: TSeedRow[] = PRODUCTS.map((product) => {
      const row: TSeedRow = { [roles.name.key]: product.name, [roles.price.key]: product.price };
      if (roles.description) row[roles.description.key] = product.description;
      if (roles.category) row[roles.category.key] = product.category;
      return row;
    });
    const rows = seedRows(entity, fixed.length, { fixed });
    const orderSeed = ORDERS.map((order) => {
      const total = order.items.reduce((sum, [id, quantity]) => sum + (PRODUCTS[id - 1]?.price ?? 0) * quantity, 0);
      return { ...order, total: Math.round(total * 100) / 100 };
    });
    const seedSql =
      entitySeedSql(entity, rows) +
      `
-- Sample orders (product ids refer to the rows above).
${seedInsertSql(
  'orders',
  ['customer_name', 'email', 'total', 'status'],
  orderSeed.map((order) => [order.customer, order.email, order.total, order.status]),
)}
${seedInsertSql(
  'order_items',
  ['order_id', 'product_id', 'product_name', 'unit_price', 'quantity'],
  orderSeed.flatMap((order, orderIndex) =>
    order.items.map(([id, quantity]) => [orderIndex + 1, id, PRODUCTS[id - 1]?.name ?? '', PRODUCTS[id - 1]?.price ?? 0, quantity]),
  ),
)}
`;
    const tagline = 'Small-batch goods for everyday rituals, made by independent makers and shipped with care.';
    const description = `${intent.appName}: an online shop with a cart, checkout and orders stored in a SQLite database.`;
    const files: Record<string, string> = {
      'shipyard.json': manifestFile(intent, { api: true, database: true }),
      'index.html': indexHtml(intent, description),
      'src/main.tsx': mainTsx(),
      'src/App.tsx': appTsx(
        [
          { path: 'index', component: 'HomePage', module: 'pages/HomePage' },
          { path: '/products/:id', component: 'ProductPage', module: 'pages/ProductPage' },
          { path: '/cart', component: 'CartPage', module: 'pages/CartPage' },
          { path: '/orders', component: 'OrdersPage', module: 'pages/OrdersPage' },
        ],
        { wrapper: { name: 'CartProvider', module: 'cart' } },
      ),
      'src/config.ts': configTs(intent, tagline, [
        { to: '/', label: 'Shop' },
        { to: '/orders', label: 'Orders' },
      ]),
      'src/styles.css': baseCss(intent.primaryColor) + SHOP_CSS,
      'src/components/Layout.tsx': layoutTsx({
        brandIcon: 'Store',
        actionImports: ["import { CartLink } from '../cart';"],
        actions: '<CartLink />',
        footerNote: 'Free shipping over $50 · 30-day returns',
      }),
      'src/cart.tsx': cartTsx(),
      'src/fields.ts': clientFieldsTs(entity, `/products`),
      'src/api.ts': clientApiTs(entity),
      'src/components/FieldDisplay.tsx': FIELD_DISPLAY_TSX,
      'src/components/ProductTile.tsx': PRODUCT_TILE_TSX,
      'src/pages/HomePage.tsx': shopPageTsx(entity, roles),
      'src/pages/ProductPage.tsx': productPageTsx(entity, roles),
      'src/pages/CartPage.tsx': CART_PAGE_TSX,
      'src/pages/OrdersPage.tsx': ORDERS_PAGE_TSX,
      'src/pages/NotFoundPage.tsx': notFoundPageTsx(),
      'api/index.ts': apiIndexTs(entity, {
        extraImports: ["import { handleOrders } from './orders';"],
        extraRoutes: `  const orders = await handleOrders(request, env.DB);
  if (orders) return orders;
`,
      }),
      'api/http.ts': API_HTTP_TS,
      'api/records.ts': API_RECORDS_TS,
      'api/fields.ts': apiFieldsTs(entity, '"id" ASC'),
      'api/orders.ts': ordersApiTs(entity, roles),
      'db/schema.sql': entityTableSql(entity) + ORDERS_SCHEMA_SQL,
      'db/seed.sql': seedSql,
    };
    return {
      template: 'shop',
      files,
      description: `a shop with a product grid${roles.category ? ' and category filters' : ''}, product pages, a cart kept in the browser, checkout and an orders page, backed by a products/orders API and a SQLite database seeded with ${rows.length} products and ${orderSeed.length} orders`,
      checks: [
        { path: '/', texts: [intent.appName, ...rows.map((row) => String(row[roles.name.key]))] },
        { path: '/orders', texts: ['Recent orders', ...orderSeed.map((order) => order.customer)] },
        { path: '/cart', texts: ['Your cart is empty'] },
      ],
      dependencies: ['react', 'react-dom', 'react-router', 'lucide-react', 'clsx'],
    };
  },
};
